import type { Queryable } from '../../db/db.ts';
import { advanceSequence } from '../sequence.ts';

/** Moves the device's contiguous sequence past what is now stored or held and returns the gaps above it. */
export async function updateSequence(tx: Queryable, deviceId: string): Promise<number[]> {
  // One statement for both reads: every push ends here.
  const [dev] = await tx.query<{ contiguous_seq: number; above: (number | string)[] }>(
    `SELECT d.contiguous_seq, ARRAY(
       SELECT seq FROM (SELECT seq FROM events WHERE device_id = d.id AND seq > d.contiguous_seq
         UNION ALL SELECT seq FROM held_events WHERE device_id = d.id AND seq > d.contiguous_seq) s ORDER BY seq LIMIT 5000) AS above
     FROM devices d WHERE d.id = $1`,
    [deviceId],
  );
  const contiguous = Number(dev?.contiguous_seq ?? 0);
  const next = advanceSequence(contiguous, (dev?.above ?? []).map(Number));
  if (next.contiguous !== contiguous) await tx.query('UPDATE devices SET contiguous_seq = $2 WHERE id = $1', [deviceId, next.contiguous]);
  return next.missing;
}
