import type { Queryable } from '../db/db.ts';

/**
 * Retention by crypto-shredding: a registration's data key is destroyed once its personal data is
 * no longer needed — `completedDays` after it was completed, `cancelledDays` after it was
 * cancelled, and a registration never finished once its day is `cancelledDays` old (the citizen
 * never came back). Destroying the key (`registration_keys.wrapped` set to NULL, the row kept as a
 * tombstone) makes its events, its state and any backup taken afterwards unreadable, without
 * deleting an event; counts, rollups and the audit chain hold no personal data and do not change.
 */
export interface RetentionPolicy {
  completedDays: number;
  cancelledDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { completedDays: 90, cancelledDays: 30 };

const DAY_MS = 86_400_000;

/** Destroys the data keys due at `now`; returns how many registrations it erased. */
export async function shredExpired(db: Queryable, policy: RetentionPolicy = DEFAULT_RETENTION, now: Date = new Date()): Promise<number> {
  const completedBefore = new Date(now.getTime() - policy.completedDays * DAY_MS).toISOString();
  const cancelledBefore = new Date(now.getTime() - policy.cancelledDays * DAY_MS).toISOString();
  const rows = await db.query<{ n: number }>(
    `WITH due AS (
       SELECT id FROM registrations
       WHERE (status = 'completed' AND finished_at < $1::timestamptz)
          OR (status = 'cancelled' AND finished_at < $2::timestamptz)
          OR (status NOT IN ('completed', 'cancelled') AND day < ($2::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
     ), shred AS (
       UPDATE registration_keys k SET wrapped = NULL, erased_at = $3::timestamptz
       FROM due WHERE k.registration_id = due.id AND k.wrapped IS NOT NULL
       RETURNING 1
     )
     SELECT count(*)::int AS n FROM shred`,
    [completedBefore, cancelledBefore, now.toISOString()],
  );
  return Number(rows[0]?.n ?? 0);
}
