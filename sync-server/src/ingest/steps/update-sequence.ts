import { sqlInteger, sqlText, type Queryable } from '../../db/db.ts';
import { advanceSequence } from '../sequence.ts';

/** A device's contiguous sequence and the seqs stored or held above it, as the push found them. */
export interface SequenceBefore {
  contiguous: number;
  above: number[];
}

/**
 * Read with the push's first look-ups (one round trip for both) rather than after its writes:
 * what the push stores for the device is known, and a push of another device never stores this
 * one's events (the site's lock keeps a device's pushes apart).
 */
export async function readSequence(tx: Queryable, deviceId: string): Promise<SequenceBefore> {
  const [dev] = await tx.query<{ contiguous_seq: number | string; above: (number | string)[] }>(
    `SELECT d.contiguous_seq, ARRAY(
       SELECT seq FROM (SELECT seq FROM events WHERE device_id = d.id AND seq > d.contiguous_seq
         UNION ALL SELECT seq FROM held_events WHERE device_id = d.id AND seq > d.contiguous_seq) s ORDER BY seq LIMIT 5000) AS above
     FROM devices d WHERE d.id = $1`,
    [deviceId],
  );
  return { contiguous: Number(dev?.contiguous_seq ?? 0), above: (dev?.above ?? []).map(Number) };
}

/**
 * Moves the device's contiguous sequence past what is now stored or held — what was there plus
 * `storedNow`, the seqs this push stored or held for it — and returns the gaps above it, with the
 * statement that records the move (none when it did not move), which goes with the push's COMMIT.
 */
export function sequenceAfter(
  deviceId: string,
  before: SequenceBefore,
  storedNow: readonly number[],
): { missing: number[]; update: string[] } {
  const next = advanceSequence(before.contiguous, [...before.above, ...storedNow]);
  const update =
    next.contiguous === before.contiguous
      ? []
      : // Never back: a push that read before another stored more must not undo its move.
        [`UPDATE devices SET contiguous_seq = GREATEST(contiguous_seq, ${sqlInteger(next.contiguous)}) WHERE id = ${sqlText(deviceId)}`];
  return { missing: next.missing, update };
}
