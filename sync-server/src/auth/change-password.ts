import { DangkyError } from '@dangky/core/errors';
import { signInLimits } from '@dangky/core/admin';
import type { Db } from '../db/db.ts';
import { appendAudit, auditAlone } from '../audit/append-audit.ts';
import { requireGoodPassword } from '../admin/staff.ts';
import type { Actor } from '../admin/actor.ts';
import type { HashQueue } from './hash-queue.ts';
import { claimSignInAttempt, settleSignIn } from './sign-in-failures.ts';
import { endDeviceSignIns } from './device-sign-ins.ts';
import { hashPassword, verifyPassword } from './secrets.ts';

/**
 * A staff member changes their own password, whatever their role: after an administrator reset
 * it (the only thing such a session may do) or whenever they choose. The current password proves
 * it is them, so guessing it through a session left open is a sign-in attempt like any other: it
 * takes its place in the hashing queue and counts against the account's and the address's limits
 * (a wrong one is a failure, audited; enough of them lock the account as failed sign-ins do).
 * The new password's rules are checked first: they cost no hash. The session the change is made
 * in stays; the account's other sessions end, since a change is often made because a password
 * was seen. Neither password is ever logged or kept.
 */
export interface PasswordChangeContext {
  /** The client's address (behind a proxy, the one it forwarded). */
  address: string;
  hashing: HashQueue;
  /** The sha256 of the session the change is made in, which stays signed in. */
  sessionSha256: string;
  now?: Date;
}

export async function changeOwnPassword(
  db: Db,
  user: Actor,
  { currentPassword, newPassword }: { currentPassword: string; newPassword: string },
  { address, hashing, sessionSha256, now = new Date() }: PasswordChangeContext,
): Promise<void> {
  requireGoodPassword(newPassword, user.id);
  if (newPassword === currentPassword) throw new DangkyError('DK_ERR_PASSWORD_UNCHANGED');
  const keys = { account: user.id, address };
  const turn = hashing.admit();
  let counts: { account: number; address: number };
  let hash: string | null;
  try {
    counts = await claimSignInAttempt(db, keys, now);
    const [row] = await db.query<{ password_hash: string }>('SELECT password_hash FROM staff WHERE id = $1', [user.id]);
    try {
      hash = await turn.run(async () =>
        row && (await verifyPassword(currentPassword, row.password_hash)) ? hashPassword(newPassword) : null,
      );
    } catch (error) {
      await settleSignIn(db, keys, 'not-checked');
      throw error;
    }
  } finally {
    turn.release();
  }
  const place = { actorId: user.id, actorRole: user.role, provinceCode: user.provinceCode, siteId: user.siteIds[0] ?? null };
  if (hash === null) {
    const locked = counts.account >= signInLimits.account.lockAfter;
    await auditAlone(db, { ...place, action: 'auth.password-change-failed', target: `staff:${user.id}`, detail: { locked } });
    throw new DangkyError('DK_ERR_CURRENT_PASSWORD_WRONG', { detail: { failures: counts.account, locked } });
  }
  await settleSignIn(db, keys, 'signed-in');
  await db.transaction(async (tx) => {
    await tx.query('UPDATE staff SET password_hash = $2, must_change_password = false WHERE id = $1', [user.id, hash]);
    const others = await tx.query<{ token_sha256: string }>(
      'DELETE FROM sessions WHERE staff_id = $1 AND token_sha256 <> $2 RETURNING token_sha256',
      [user.id, sessionSha256],
    );
    for (const other of others) await endDeviceSignIns(tx, { sessionSha256: other.token_sha256 }, now);
    await appendAudit(tx, { ...place, action: 'auth.password-changed', target: `staff:${user.id}` });
  });
}
