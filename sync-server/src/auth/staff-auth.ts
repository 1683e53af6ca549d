import { DangkyError } from '@dangky/core/errors';
import type { StaffUser } from '@dangky/core/protocol';
import { signInLimits } from '@dangky/core/admin';
import type { Db, Queryable } from '../db/db.ts';
import type { HashQueue } from './hash-queue.ts';
import { claimSignInAttempt, settleSignIn } from './sign-in-failures.ts';
import { hashPassword, newSecret, sha256, verifyPassword } from './secrets.ts';
import type { AuthedDevice } from './device-auth.ts';
import { endDeviceSignIns, recordDeviceSignIn } from './device-sign-ins.ts';

export const SESSION_HOURS = 12;

interface StaffRow {
  id: string;
  display_name: string;
  role: StaffUser['role'];
  site_id: string | null;
  province_code: string | null;
  password_hash: string;
  disabled_at: unknown;
  must_change_password: boolean;
  site_ids: string[] | null;
}

const toUser = (r: StaffRow): StaffUser => ({
  id: r.id,
  displayName: r.display_name,
  role: r.role,
  siteId: r.site_id,
  siteIds: r.site_ids ?? (r.site_id ? [r.site_id] : []),
  provinceCode: r.province_code,
  mustChangePassword: r.must_change_password,
});

const STAFF_COLUMNS = `s.*, (SELECT array_agg(ss.site_id ORDER BY ss.site_id) FROM staff_sites ss WHERE ss.staff_id = s.id) AS site_ids`;

// A real hash to verify against when the user does not exist, so both paths cost one scrypt.
let decoyHash: Promise<string> | undefined;

export interface SignInContext {
  /** The client's address (behind a proxy, the one it forwarded). */
  address: string;
  /** The cap on hashes computed at once. */
  hashing: HashQueue;
  now?: Date;
  /** The counter signed in through (it proved itself): the session is bound to it (`device-sign-ins.ts`). */
  device?: AuthedDevice;
}

/**
 * Sign-in. The attempt first takes its place in the hashing queue (refused at once when it is
 * full); the limits on failed sign-ins are checked, and this attempt counted, before the
 * password is hashed (`sign-in-failures.ts`); the hash then waits its turn. A
 * disabled account is refused once its password proved who it is (a wrong password says only
 * that). A session made after an administrator reset the password carries `mustChangePassword`,
 * and such a session may do nothing but change it. A wrong password's error carries the counts
 * (`detail.failures`, `detail.locked`) for the log and the audit.
 */
export async function login(db: Db, username: string, password: string, { address, hashing, now = new Date(), device }: SignInContext) {
  const keys = { account: username.toLowerCase(), address };
  // Refused here, a sign-in past the hashing cap has cost no database work.
  const turn = hashing.admit();
  let counts: { account: number; address: number };
  let row: StaffRow | undefined;
  let ok: boolean;
  try {
    counts = await claimSignInAttempt(db, keys, now);
    [row] = await db.query<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff s WHERE s.id = $1`, [keys.account]);
    try {
      ok = await turn.run(async () => verifyPassword(password, row?.password_hash ?? (await (decoyHash ??= hashPassword(newSecret())))));
    } catch (error) {
      await settleSignIn(db, keys, 'not-checked');
      throw error;
    }
  } finally {
    turn.release();
  }
  if (!row || !ok)
    throw new DangkyError('DK_ERR_BAD_CREDENTIALS', {
      detail: {
        failures: counts.account,
        locked: counts.account >= signInLimits.account.lockAfter,
        addressFailures: counts.address,
        addressLocked: counts.address >= signInLimits.address.lockAfter,
      },
    });
  await settleSignIn(db, keys, 'signed-in');
  if (row.disabled_at) throw new DangkyError('DK_ERR_ACCOUNT_DISABLED');
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await db.query('DELETE FROM sessions WHERE staff_id = $1 AND expires_at < $2', [row.id, now.toISOString()]);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO sessions (token_sha256, staff_id, expires_at) VALUES ($1, $2, $3)', [sha256(token), row.id, expiresAt]);
    if (device)
      await recordDeviceSignIn(tx, {
        sessionSha256: sha256(token),
        deviceId: device.id,
        staffId: row.id,
        from: now.toISOString(),
        to: expiresAt,
      });
  });
  return { token, expiresAt, user: toUser(row) };
}

/**
 * `Authorization: Bearer <token>` → the signed-in staff member, or 401. A session whose
 * password must be changed is refused (403) except where `allowPasswordChange` says the
 * route is the change itself (or who-am-I, or sign-out).
 */
export async function authenticateStaff(
  db: Queryable,
  header: string | undefined,
  options: { now?: Date; allowPasswordChange?: boolean } = {},
): Promise<StaffUser> {
  const m = header ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header) : null;
  if (!m) throw new DangkyError('DK_ERR_STAFF_UNAUTHENTICATED');
  const [row] = await db.query<StaffRow>(
    `SELECT ${STAFF_COLUMNS} FROM sessions x JOIN staff s ON s.id = x.staff_id WHERE x.token_sha256 = $1 AND x.expires_at > $2 AND s.disabled_at IS NULL`,
    [sha256(m[1]!), (options.now ?? new Date()).toISOString()],
  );
  if (!row) throw new DangkyError('DK_ERR_STAFF_UNAUTHENTICATED');
  if (row.must_change_password && !options.allowPasswordChange) throw new DangkyError('DK_ERR_PASSWORD_CHANGE_REQUIRED');
  return toUser(row);
}

/** The sha256 of the session an `Authorization: Bearer <token>` carries (as sessions are stored), or null. */
export function sessionSha256(header: string | undefined): string | null {
  const m = header ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header) : null;
  return m ? sha256(m[1]!) : null;
}

export async function logout(db: Queryable, header: string | undefined, now = new Date()): Promise<void> {
  const session = sessionSha256(header);
  if (!session) return;
  await db.query('DELETE FROM sessions WHERE token_sha256 = $1', [session]);
  await endDeviceSignIns(db, { sessionSha256: session }, now);
}

/**
 * The staff member whose live session `token` is, if that session was made by signing in on
 * this device — what a counter's pull carries (`x-staff-session`) to show someone is at it — or
 * null. A session that must first change its password opens nothing.
 */
export async function staffOnDevice(
  db: Queryable,
  token: string | undefined,
  deviceId: string,
  now = new Date(),
): Promise<StaffUser | null> {
  if (!token || !/^[A-Za-z0-9_-]{16,128}$/.test(token)) return null;
  const [row] = await db.query<StaffRow>(
    `SELECT ${STAFF_COLUMNS} FROM sessions x JOIN device_sign_ins d ON d.session_sha256 = x.token_sha256 JOIN staff s ON s.id = x.staff_id
     WHERE x.token_sha256 = $1 AND d.device_id = $2 AND x.expires_at > $3 AND s.disabled_at IS NULL AND NOT s.must_change_password`,
    [sha256(token), deviceId, now.toISOString()],
  );
  return row ? toUser(row) : null;
}
