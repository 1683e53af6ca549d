import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import { pairingLink, type PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import type { Sealer } from './sealer.ts';

/**
 * Data of builds that sealed every row with one AES-GCM key stored in the profile itself
 * (`keys` table, id `at-rest`; `{ v: 1, iv, data }`). Such a device may still hold unsent
 * registrations, so nothing is dropped: its pairing is read back as a pairing link (which the
 * boot then stores the new way, through the agent), its rows are sealed again under row keys,
 * and then the old key is deleted.
 */
const LEGACY_KEY_ID = 'at-rest';
const legacySealed = z.object({ v: z.literal(1), iv: z.instanceof(Uint8Array), data: z.instanceof(ArrayBuffer) });
const legacyPairing = z.object({ public: pairingLink.omit({ deviceSecret: true, agentSecret: true }), sealed: legacySealed });

const openLegacy = async (key: CryptoKey, value: z.infer<typeof legacySealed>): Promise<unknown> =>
  JSON.parse(
    new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: value.iv as Uint8Array<ArrayBuffer> }, key, value.data)),
  ) as unknown;

async function legacyKey(db: DeviceDb): Promise<CryptoKey | null> {
  return (await db.keys.get(LEGACY_KEY_ID))?.key ?? null;
}

/** The older build's pairing, as the link it was made from; null when there is none. */
export async function readLegacyPairing(db: DeviceDb): Promise<PairingLink | null> {
  const key = await legacyKey(db);
  const stored = legacyPairing.safeParse((await db.settings.get('pairing'))?.value);
  if (!key || !stored.success) return null;
  try {
    const link = pairingLink.safeParse({ ...stored.data.public, ...((await openLegacy(key, stored.data.sealed)) as object) });
    return link.success ? link.data : null;
  } catch {
    return null;
  }
}

/** Seals every older-build row again under row keys, then deletes the old key. Returns how many rows. */
export async function resealLegacyRows(db: DeviceDb, sealer: Sealer): Promise<number> {
  const key = await legacyKey(db);
  if (!key) return 0;
  let count = 0;
  for (const table of db.tables) {
    if (table.name === 'keys' || table.name === 'settings') continue;
    const rows = (await table.toArray()) as Record<string, unknown>[];
    const updates: Record<string, unknown>[] = [];
    for (const row of rows) {
      const old = legacySealed.safeParse(row.sealed);
      if (!old.success) continue;
      let value: unknown;
      try {
        value = await openLegacy(key, old.data);
      } catch (cause) {
        throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause, detail: { table: table.name } });
      }
      updates.push({ ...row, sealed: await sealer.seal(value) });
    }
    // Sealing awaited the agent: the writes go in one transaction of their own.
    if (updates.length) await db.transaction('rw', table, () => table.bulkPut(updates));
    count += updates.length;
  }
  await db.keys.delete(LEGACY_KEY_ID);
  return count;
}
