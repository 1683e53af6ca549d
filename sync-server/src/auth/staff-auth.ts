import { DangkyError } from '@dangky/core/errors';
import type { StaffUser } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';
import { hashPassword, newSecret, sha256, verifyPassword } from './secrets.ts';

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

/**
 * Sign-in. A disabled account is refused once its password proved who it is (a wrong password
 * says only that). A session made after an administrator reset the password carries
 * `mustChangePassword`, and such a session may do nothing but change it.
 */
export async function login(db: Queryable, username: string, password: string, now = new Date()) {
  const [row] = await db.query<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff s WHERE s.id = $1`, [username.toLowerCase()]);
  decoyHash ??= hashPassword(newSecret());
  const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
  if (!row || !ok) throw new DangkyError('DK_ERR_BAD_CREDENTIALS');
  if (row.disabled_at) throw new DangkyError('DK_ERR_ACCOUNT_DISABLED');
  const token = newSecret();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await db.query('DELETE FROM sessions WHERE staff_id = $1 AND expires_at < $2', [row.id, now.toISOString()]);
  await db.query('INSERT INTO sessions (token_sha256, staff_id, expires_at) VALUES ($1, $2, $3)', [sha256(token), row.id, expiresAt]);
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

export async function logout(db: Queryable, header: string | undefined): Promise<void> {
  const m = header ? /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header) : null;
  if (m) await db.query('DELETE FROM sessions WHERE token_sha256 = $1', [sha256(m[1]!)]);
}
