import type { DeviceDb } from './device-db.ts';
import { forgetLater, forgetQueued } from './forget-keys.ts';
import type { Sealer } from './sealer.ts';

/**
 * A dead letter (an event the server refused, sealed, with its code) is kept for a technician
 * for `DEAD_LETTER_DAYS`, then deleted and its key forgotten: the citizen's data it holds must
 * not outlive the reason to keep it.
 */
export const DEAD_LETTER_DAYS = 7;

export async function expireDeadLetters(db: DeviceDb, sealer: Sealer, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DEAD_LETTER_DAYS * 86_400_000).toISOString();
  const expired = await db.transaction('rw', db.deadLetters, db.settings, async () => {
    const rows = await db.deadLetters.filter((row) => row.rejectedAt < cutoff).toArray();
    await db.deadLetters.bulkDelete(rows.map((row) => row.id));
    await forgetLater(
      db,
      rows.map((row) => row.sealed.keyId),
    );
    return rows.length;
  });
  if (expired) await forgetQueued(db, sealer).catch(() => undefined);
  return expired;
}
