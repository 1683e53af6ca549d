import type { Queryable } from '../../db/db.ts';
import { advanceSequence } from '../sequence.ts';

/** Moves the device's contiguous sequence past what is now stored or held and returns the gaps above it. */
export async function updateSequence(tx: Queryable, deviceId: string): Promise<number[]> {
  const [dev] = await tx.query<{ contiguous_seq: number }>('SELECT contiguous_seq FROM devices WHERE id = $1', [deviceId]);
  const contiguous = Number(dev?.contiguous_seq ?? 0);
  const above = await tx.query<{ seq: number }>(
    `SELECT seq FROM (SELECT seq FROM events WHERE device_id = $1 AND seq > $2
       UNION ALL SELECT seq FROM held_events WHERE device_id = $1 AND seq > $2) s ORDER BY seq LIMIT 5000`,
    [deviceId, contiguous],
  );
  const next = advanceSequence(
    contiguous,
    above.map((r) => Number(r.seq)),
  );
  if (next.contiguous !== contiguous) await tx.query('UPDATE devices SET contiguous_seq = $2 WHERE id = $1', [deviceId, next.contiguous]);
  return next.missing;
}
