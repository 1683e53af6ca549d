import type { DeviceDb } from './device-db.ts';
import { newSealingKey, sealerFor, type Sealer } from './sealer.ts';

const KEY_ID = 'at-rest';

/** The sealer for this browser's database, creating its key on first use. */
export async function openSealer(db: DeviceDb, makeKey: () => Promise<CryptoKey> = newSealingKey): Promise<Sealer> {
  const existing = await db.keys.get(KEY_ID);
  if (existing) return sealerFor(existing.key);
  // Made outside the transaction: IndexedDB commits a transaction that awaits anything else.
  const fresh = await makeKey();
  const key = await db.transaction('rw', db.keys, async () => {
    const row = await db.keys.get(KEY_ID);
    if (row) return row.key; // another tab won the race
    await db.keys.put({ id: KEY_ID, key: fresh });
    return fresh;
  });
  return sealerFor(key);
}
