import { DangkyError } from '@dangky/core/errors';
import { mayGrant, passwordProblem, roleScopeProblem, scopeOf } from '@dangky/core/admin';
import {
  staffInput,
  staffUpdate,
  type AdminStaff,
  type Role,
  type SignInAddressLocks,
  type StaffInput,
  type StaffUpdate,
} from '@dangky/core/protocol';
import type { Db, Queryable } from '../db/db.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { hashPassword } from '../auth/secrets.ts';
import { forgetFailures, signInLocks } from '../auth/sign-in-failures.ts';
import { endDeviceSignIns } from '../auth/device-sign-ins.ts';
import { byActor, requireMay, type Actor } from './actor.ts';

/**
 * Staff accounts. An account's role needs its scope (core's `roleScopeProblem`); an
 * administrator grants only inside their own scope (`mayGrant`); a site role's sites all lie in
 * the account's province. A password an administrator sets — a new account's first one or a
 * reset — must be changed by its owner at the next sign-in; every password meets the rules.
 * Disabling an account or resetting its password ends its sessions.
 */
export function requireGoodPassword(password: string, username: string): void {
  const problem = passwordProblem(password, { username });
  if (problem) throw new DangkyError(problem);
}

async function checkAccount(tx: Queryable, actor: Actor, a: { role: Role; siteIds: readonly string[]; provinceCode: string | null }) {
  const problem = roleScopeProblem(a);
  if (problem) throw new DangkyError(problem);
  if (!mayGrant(scopeOf(actor), a)) throw new DangkyError('DK_ERR_FORBIDDEN', { detail: { scope: 'grant' } });
  if (a.siteIds.length === 0) return;
  const sites = await tx.query<{ id: string; province_code: string }>('SELECT id, province_code FROM sites WHERE id = ANY($1::text[])', [
    [...a.siteIds],
  ]);
  if (sites.length !== new Set(a.siteIds).size) throw new DangkyError('DK_ERR_UNKNOWN_SITE');
  if (sites.some((s) => s.province_code !== a.provinceCode)) throw new DangkyError('DK_ERR_ROLE_SCOPE_INVALID');
}

async function writeSites(tx: Queryable, staffId: string, siteIds: readonly string[]) {
  await tx.query('DELETE FROM staff_sites WHERE staff_id = $1', [staffId]);
  if (siteIds.length)
    await tx.query('INSERT INTO staff_sites (staff_id, site_id) SELECT $1, unnest($2::text[])', [staffId, [...new Set(siteIds)]]);
}

export async function createStaff(
  db: Db,
  actor: Actor,
  raw: StaffInput,
  options: { mustChangePassword?: boolean } = {},
): Promise<AdminStaff> {
  requireMay(actor, 'staff', 'write');
  const input = staffInput.parse(raw);
  requireGoodPassword(input.password, input.id);
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await checkAccount(tx, actor, input);
    const inserted = await tx.query(
      `INSERT INTO staff (id, display_name, role, site_id, province_code, password_hash, must_change_password)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [input.id, input.displayName, input.role, input.siteIds[0] ?? null, input.provinceCode, hash, options.mustChangePassword ?? true],
    );
    if (inserted.length === 0) throw new DangkyError('DK_ERR_STAFF_EXISTS');
    await writeSites(tx, input.id, input.siteIds);
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'staff.created',
      provinceCode: input.provinceCode,
      siteId: input.siteIds[0] ?? null,
      target: `staff:${input.id}`,
      detail: { role: input.role, sites: input.siteIds },
    });
    return (await readStaff(tx, 'st.id = $1', [input.id]))[0]!;
  });
}

/** The account, checked to be one the actor administers. */
async function accountFor(tx: Queryable, actor: Actor, staffId: string): Promise<AdminStaff> {
  const [account] = await readStaff(tx, 'st.id = $1', [staffId]);
  if (!account) throw new DangkyError('DK_ERR_UNKNOWN_STAFF');
  if (!mayGrant(scopeOf(actor), account)) throw new DangkyError('DK_ERR_FORBIDDEN', { detail: { scope: 'outside' } });
  return account;
}

export async function updateStaff(db: Db, actor: Actor, staffId: string, raw: StaffUpdate): Promise<AdminStaff> {
  requireMay(actor, 'staff', 'write');
  const change = staffUpdate.parse(raw);
  return db.transaction(async (tx) => {
    const before = await accountFor(tx, actor, staffId);
    const after = {
      displayName: change.displayName ?? before.displayName,
      role: change.role ?? before.role,
      siteIds: change.siteIds ?? before.siteIds,
      provinceCode: change.provinceCode === undefined ? before.provinceCode : change.provinceCode,
    };
    // Nobody changes their own role or scope (an administrator cannot lock themselves out or up).
    if (staffId === actor.id && (after.role !== before.role || after.provinceCode !== before.provinceCode))
      throw new DangkyError('DK_ERR_FORBIDDEN', { detail: { self: true } });
    await checkAccount(tx, actor, after);
    await tx.query('UPDATE staff SET display_name = $2, role = $3, site_id = $4, province_code = $5 WHERE id = $1', [
      staffId,
      after.displayName,
      after.role,
      after.siteIds[0] ?? null,
      after.provinceCode,
    ]);
    await writeSites(tx, staffId, after.siteIds);
    const fields = (['displayName', 'role', 'siteIds', 'provinceCode'] as const).filter(
      (f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]),
    );
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'staff.updated',
      provinceCode: after.provinceCode,
      siteId: after.siteIds[0] ?? null,
      target: `staff:${staffId}`,
      detail: { fields, role: after.role, sites: after.siteIds },
    });
    return (await readStaff(tx, 'st.id = $1', [staffId]))[0]!;
  });
}

export async function setStaffDisabled(db: Db, actor: Actor, staffId: string, disabled: boolean, now = new Date()): Promise<AdminStaff> {
  requireMay(actor, 'staff', 'write');
  if (staffId === actor.id) throw new DangkyError('DK_ERR_FORBIDDEN', { detail: { self: true } });
  return db.transaction(async (tx) => {
    const account = await accountFor(tx, actor, staffId);
    await tx.query('UPDATE staff SET disabled_at = $2 WHERE id = $1', [staffId, disabled ? now.toISOString() : null]);
    if (disabled) await endSessions(tx, staffId, now);
    await appendAudit(tx, {
      ...byActor(actor),
      action: disabled ? 'staff.disabled' : 'staff.enabled',
      provinceCode: account.provinceCode,
      siteId: account.siteIds[0] ?? null,
      target: `staff:${staffId}`,
    });
    return (await readStaff(tx, 'st.id = $1', [staffId]))[0]!;
  });
}

/** Ends every session of an account, and with them its sign-ins on counters (from now on). */
async function endSessions(tx: Queryable, staffId: string, now: Date): Promise<void> {
  await tx.query('DELETE FROM sessions WHERE staff_id = $1', [staffId]);
  await endDeviceSignIns(tx, { staffId }, now);
}

/** A password chosen by an administrator: its owner must change it at the next sign-in. */
export async function resetPassword(db: Db, actor: Actor, staffId: string, password: string): Promise<void> {
  requireMay(actor, 'staff', 'write');
  requireGoodPassword(password, staffId);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const account = await accountFor(tx, actor, staffId);
    await tx.query('UPDATE staff SET password_hash = $2, must_change_password = true WHERE id = $1', [staffId, hash]);
    await endSessions(tx, staffId, new Date());
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'staff.password-reset',
      provinceCode: account.provinceCode,
      siteId: account.siteIds[0] ?? null,
      target: `staff:${staffId}`,
    });
  });
}

export async function listStaff(db: Queryable, actor: Actor, now = new Date()): Promise<AdminStaff[]> {
  requireMay(actor, 'staff', 'read');
  const scope = scopeOf(actor);
  return scope.kind === 'national'
    ? readStaff(db, 'true', [], now)
    : readStaff(db, 'st.province_code = $1', [scope.kind === 'province' ? scope.provinceCode : ''], now);
}

/** Lifts the lock failed sign-ins put on an account (and forgets its failures); audited with how many there were, none included. */
export async function unlockStaff(db: Db, actor: Actor, staffId: string, now = new Date()): Promise<AdminStaff> {
  requireMay(actor, 'staff', 'write');
  return db.transaction(async (tx) => {
    const account = await accountFor(tx, actor, staffId);
    const failures = (await forgetFailures(tx, 'account', staffId)) ?? 0;
    await appendAudit(tx, {
      ...byActor(actor),
      action: 'staff.unlocked',
      provinceCode: account.provinceCode,
      siteId: account.siteIds[0] ?? null,
      target: `staff:${staffId}`,
      detail: { failures },
    });
    return (await readStaff(tx, 'st.id = $1', [staffId], now))[0]!;
  });
}

/**
 * Addresses with failed sign-ins still counted. An address is no one's account and lies in no
 * province: any administrator may see and unlock them (a ward office locked out by one mistyping
 * machine should not wait for the national team).
 */
export async function listAddressLocks(db: Queryable, actor: Actor, now = new Date()): Promise<SignInAddressLocks> {
  requireMay(actor, 'staff', 'write');
  const locks = await signInLocks(db, 'address', null, now);
  return { addresses: [...locks].map(([address, lock]) => ({ address, ...lock })).sort((a, b) => b.failures - a.failures) };
}

export async function unlockAddress(db: Db, actor: Actor, address: string): Promise<void> {
  requireMay(actor, 'staff', 'write');
  await db.transaction(async (tx) => {
    const failures = (await forgetFailures(tx, 'address', address)) ?? 0;
    await appendAudit(tx, { ...byActor(actor), action: 'sign-in.address-unlocked', target: `address:${address}`, detail: { failures } });
  });
}

async function readStaff(db: Queryable, where: string, params: unknown[], now = new Date()): Promise<AdminStaff[]> {
  const rows = await db.query<{
    id: string;
    display_name: string;
    role: Role;
    province_code: string | null;
    disabled_at: unknown;
    must_change_password: boolean;
    created_at: string | Date;
    site_ids: string[] | null;
  }>(
    `SELECT st.id, st.display_name, st.role, st.province_code, st.disabled_at, st.must_change_password, st.created_at,
            (SELECT array_agg(ss.site_id ORDER BY ss.site_id) FROM staff_sites ss WHERE ss.staff_id = st.id) AS site_ids
     FROM staff st WHERE ${where} ORDER BY st.role, st.id`,
    params,
  );
  const locks = await signInLocks(
    db,
    'account',
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    role: r.role,
    siteIds: r.site_ids ?? [],
    provinceCode: r.province_code,
    disabled: r.disabled_at !== null,
    mustChangePassword: r.must_change_password,
    createdAt: new Date(r.created_at).toISOString(),
    signIn: locks.get(r.id) ?? null,
  }));
}
