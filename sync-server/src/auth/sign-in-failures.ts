import { DangkyError } from '@dangky/core/errors';
import { failuresNow, signInGate, signInLimits, signInVerdict, type FailureRecord } from '@dangky/core/admin';
import type { Db, Queryable } from '../db/db.ts';

/**
 * What the server remembers of failed sign-ins (table `sign_in_failures`), per account (the name
 * typed, whether or not such an account exists, so a lock says nothing about which names are
 * real) and per address. Core's sign-in limits decide from it; this reads and writes it.
 *
 * An attempt is counted as a failure before its password is hashed, by a compare-and-set on the
 * counts just read: concurrent attempts at one account each take their own turn (the loser of a
 * race reads again and is judged on the new count), so firing many guesses at once gains nothing.
 * A sign-in that succeeds takes its count back.
 */
export interface SignInKeys {
  account: string;
  address: string;
}

interface Row {
  kind: 'account' | 'address';
  key: string;
  failures: number;
  last_failure_at: string | Date;
}

const record = (row: Row | undefined): FailureRecord | undefined =>
  row && { failures: row.failures, lastFailureAt: new Date(row.last_failure_at).getTime() };

const refusal = (code: 'DK_ERR_ACCOUNT_LOCKED' | 'DK_ERR_ADDRESS_LOCKED' | 'DK_ERR_SIGN_IN_THROTTLED', retryAfterMs: number | null) =>
  new DangkyError(code, retryAfterMs === null ? {} : { detail: { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) } });

/** Refuses an attempt the limits do not allow now; else counts it (as failed until `settleSignIn` says otherwise) and returns the counts. */
export async function claimSignInAttempt(db: Db, keys: SignInKeys, now: Date): Promise<{ account: number; address: number }> {
  for (let turn = 0; turn < 5; turn++) {
    const counts = await tryClaim(db, keys, now);
    if (counts) return counts;
  }
  // Still losing races after several reads: a flood at this key, which may wait like any other.
  throw refusal('DK_ERR_SIGN_IN_THROTTLED', 1_000);
}

/** One read and compare-and-set; null when another attempt on the same key was counted in between. */
async function tryClaim(db: Db, keys: SignInKeys, now: Date): Promise<{ account: number; address: number } | null> {
  const raced = new Error('raced');
  return db
    .transaction(async (tx) => {
      const rows = await tx.query<Row>(
        `SELECT kind, key, failures, last_failure_at FROM sign_in_failures
       WHERE (kind = 'account' AND key = $1) OR (kind = 'address' AND key = $2)`,
        [keys.account, keys.address],
      );
      const account = rows.find((r) => r.kind === 'account');
      const address = rows.find((r) => r.kind === 'address');
      const t = now.getTime();
      const verdict = signInVerdict(
        signInGate(record(account), t, signInLimits.account),
        signInGate(record(address), t, signInLimits.address),
      );
      if (!verdict.ok) throw refusal(verdict.code, verdict.retryAfterMs);
      const counts = {
        account: failuresNow(record(account), t, signInLimits.account) + 1,
        address: failuresNow(record(address), t, signInLimits.address) + 1,
      };
      for (const [kind, key, seen, failures] of [
        ['account', keys.account, account, counts.account],
        ['address', keys.address, address, counts.address],
      ] as const) {
        const won = seen
          ? await tx.query(
              `UPDATE sign_in_failures SET failures = $3, last_failure_at = $4
             WHERE kind = $1 AND key = $2 AND failures = $5 AND last_failure_at = $6 RETURNING 1`,
              [kind, key, failures, now.toISOString(), seen.failures, new Date(seen.last_failure_at).toISOString()],
            )
          : await tx.query(
              `INSERT INTO sign_in_failures (kind, key, failures, last_failure_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (kind, key) DO NOTHING RETURNING 1`,
              [kind, key, failures, now.toISOString()],
            );
        // Another attempt on the same key was counted since the read: undo this one's and read again.
        if (won.length === 0) throw raced;
      }
      return counts;
    })
    .catch((error: unknown) => {
      if (error === raced) return null;
      throw error;
    });
}

/** The attempt was not a wrong password after all (it succeeded, or was never checked): its count goes back. */
export async function settleSignIn(db: Queryable, keys: SignInKeys, outcome: 'signed-in' | 'not-checked'): Promise<void> {
  if (outcome === 'signed-in') await db.query(`DELETE FROM sign_in_failures WHERE kind = 'account' AND key = $1`, [keys.account]);
  else
    await db.query(`UPDATE sign_in_failures SET failures = greatest(failures - 1, 0) WHERE kind = 'account' AND key = $1`, [keys.account]);
  await db.query(`UPDATE sign_in_failures SET failures = greatest(failures - 1, 0) WHERE kind = 'address' AND key = $1`, [keys.address]);
}

/** An account's or an address's failures as an administrator sees them. */
export interface SignInLock {
  failures: number;
  lastFailureAt: string;
  locked: boolean;
}

export async function signInLocks(
  db: Queryable,
  kind: 'account' | 'address',
  keys: string[] | null,
  now: Date,
): Promise<Map<string, SignInLock>> {
  const rows = await db.query<Row>(
    `SELECT kind, key, failures, last_failure_at FROM sign_in_failures WHERE kind = $1 AND ($2::text[] IS NULL OR key = ANY($2::text[]))`,
    [kind, keys],
  );
  const locks = new Map<string, SignInLock>();
  for (const row of rows) {
    const r = record(row)!;
    const failures = failuresNow(r, now.getTime(), signInLimits[kind]);
    if (failures === 0) continue;
    locks.set(row.key, {
      failures,
      lastFailureAt: new Date(r.lastFailureAt).toISOString(),
      locked: signInGate(r, now.getTime(), signInLimits[kind]).kind === 'locked',
    });
  }
  return locks;
}

/** Lifts an account's or an address's lock (forgets its failures); how many there were, null when none were counted. */
export async function forgetFailures(tx: Queryable, kind: 'account' | 'address', key: string): Promise<number | null> {
  const [row] = await tx.query<{ failures: number }>('DELETE FROM sign_in_failures WHERE kind = $1 AND key = $2 RETURNING failures', [
    kind,
    key,
  ]);
  return row ? row.failures : null;
}

/** Rows nothing counts any more (run hourly): forgotten failures and address locks that ran out. */
export async function pruneSignInFailures(db: Queryable, now: Date): Promise<number> {
  const rows = await db.query(
    `DELETE FROM sign_in_failures
     WHERE (kind = 'account' AND failures < $1 AND last_failure_at < $2)
        OR (kind = 'address' AND last_failure_at < $3) RETURNING 1`,
    [
      signInLimits.account.lockAfter,
      new Date(now.getTime() - signInLimits.account.forgetAfterMs).toISOString(),
      new Date(now.getTime() - Math.max(signInLimits.address.forgetAfterMs, signInLimits.address.lockMs)).toISOString(),
    ],
  );
  return rows.length;
}
