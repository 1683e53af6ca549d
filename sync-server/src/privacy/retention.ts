import type { Db, Queryable } from '../db/db.ts';

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

/** How long a run waits for the registrations' writers in flight before it reads how far they wrote. */
const WRITERS_WAIT = '2s';

/** A registration due at the cutoffs $1 (completed before) and $2 (cancelled before; never finished: its day before $2's Ho Chi Minh day). */
const DUE = `((status = 'completed' AND finished_at < $1::timestamptz)
   OR (status = 'cancelled' AND finished_at < $2::timestamptz)
   OR (status NOT IN ('completed', 'cancelled') AND day < ($2::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date))`;

/** The keys of `due` (a query of registration ids) destroyed at $3; counts what it destroyed. */
const shredding = (due: string) =>
  `WITH due AS (${due}), shred AS (
     UPDATE registration_keys k SET wrapped = NULL, erased_at = $3::timestamptz
     FROM due WHERE k.registration_id = due.id AND k.wrapped IS NOT NULL
     RETURNING 1
   )
   SELECT count(*)::int AS n FROM shred`;

/** The first run: every registration is read once. (Exported for the test of its plan.) */
export const SHRED_ALL = shredding(`SELECT id FROM registrations WHERE ${DUE}`);

/**
 * A run after one that stopped at the cutoffs $4 (completed), $5 (cancelled) and at change_seq $6:
 * what became due since by time — finished between the two runs' cutoffs (the index on
 * finished_at), or never finished with a day between them (per site, the index on (site_id, day,
 * status)) — and whatever was written since that run, checked against the whole rule (per site, the
 * index on (site_id, change_seq)): completed or cancelled late with an earlier time, a held event
 * replayed. A cutoff earlier than the last one (a longer period, a clock set back) adds nothing
 * by time here; it is stored all the same, so what falls due later is found from there. (Exported
 * for the test of its plan.)
 */
export const SHRED_SINCE = shredding(`
  SELECT id FROM registrations WHERE status = 'completed' AND finished_at >= $4::timestamptz AND finished_at < $1::timestamptz
  UNION
  SELECT id FROM registrations WHERE status = 'cancelled' AND finished_at >= $5::timestamptz AND finished_at < $2::timestamptz
  UNION
  SELECT r.id FROM sites s CROSS JOIN LATERAL (
    SELECT id FROM registrations
    WHERE site_id = s.id AND status NOT IN ('completed', 'cancelled')
      AND day >= ($5::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
      AND day < ($2::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
  ) r
  UNION
  SELECT r.id FROM sites s CROSS JOIN LATERAL (
    SELECT id FROM registrations WHERE site_id = s.id AND change_seq > $6::bigint AND ${DUE}
  ) r`);

const instant = (t: string | Date) => new Date(t).toISOString();

interface Watermark {
  completed_before: string | Date | null;
  cancelled_before: string | Date | null;
  change_seq: string | null;
}

/**
 * Destroys the data keys due at `now`; returns how many registrations it erased.
 *
 * The first run reads every registration; each run then stores where it stopped (migration 0030,
 * `retention_watermark`) and the next reads only what became due or was written since, so an
 * hourly run costs what changed in the hour, not the table. Runs of several servers take turns on
 * the watermark's row. Destroying a key already destroyed changes nothing.
 */
export async function shredExpired(db: Db, policy: RetentionPolicy = DEFAULT_RETENTION, now: Date = new Date()): Promise<number> {
  const completedBefore = new Date(now.getTime() - policy.completedDays * DAY_MS).toISOString();
  const cancelledBefore = new Date(now.getTime() - policy.cancelledDays * DAY_MS).toISOString();
  // Read before this run's statements, so every registration written up to it is in what they see.
  const written = await writtenUpTo(db);
  return db.transaction(async (tx) => {
    const [mark] = await tx.query<Watermark>(
      'SELECT completed_before, cancelled_before, change_seq::text AS change_seq FROM retention_watermark FOR UPDATE',
    );
    const since =
      mark?.completed_before && mark.cancelled_before && mark.change_seq !== null
        ? { completedBefore: instant(mark.completed_before), cancelledBefore: instant(mark.cancelled_before), changeSeq: mark.change_seq }
        : null;
    const rows = since
      ? await tx.query<{ n: number }>(SHRED_SINCE, [
          completedBefore,
          cancelledBefore,
          now.toISOString(),
          since.completedBefore,
          since.cancelledBefore,
          since.changeSeq,
        ])
      : await tx.query<{ n: number }>(SHRED_ALL, [completedBefore, cancelledBefore, now.toISOString()]);
    // Not read this time (writers held the table too long): the last run's change_seq is still true.
    await tx.query('UPDATE retention_watermark SET completed_before = $1, cancelled_before = $2, change_seq = $3::bigint, ran_at = $4', [
      completedBefore,
      cancelledBefore,
      written ?? since?.changeSeq ?? null,
      now.toISOString(),
    ]);
    return Number(rows[0]?.n ?? 0);
  });
}

/**
 * The highest registrations.change_seq handed out, once every transaction that writes
 * registrations has ended: each draws its change_seq inside the statement that writes the row
 * (ingest/steps/write-registrations.ts), so after it has taken the table's lock; a brief SHARE lock
 * waits for them (and holds new ones back for as long as the read takes), and every registration
 * up to the value read is committed. A writer that drew change_seqs in an earlier statement would
 * break this. Null when the writers held the table past WRITERS_WAIT.
 */
async function writtenUpTo(db: Db): Promise<string | null> {
  try {
    return await db.transaction(async (tx: Queryable) => {
      await tx.query(`SET LOCAL lock_timeout = '${WRITERS_WAIT}'`);
      await tx.query('LOCK TABLE registrations IN SHARE MODE');
      const [seq] = await tx.query<{ n: string }>(
        'SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS n FROM registration_change_seq',
      );
      return seq!.n;
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === '55P03') return null;
    throw err;
  }
}
