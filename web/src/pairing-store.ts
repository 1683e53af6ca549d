import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import type { DeviceDb } from './device-db.ts';
import type { Sealer } from './sealer.ts';
import { pairingLink, type PairingLink } from '@dangky/core/protocol';

/**
 * The pairing kept in Dexie: where the server is and who this device is in clear, the device
 * and agent secrets sealed (they authenticate every push and pull).
 */
const KEY = 'pairing';
const secrets = pairingLink.pick({ deviceSecret: true, agentSecret: true });
const storedPairing = z.object({
  public: pairingLink.omit({ deviceSecret: true, agentSecret: true }),
  sealed: z.object({ v: z.literal(1), iv: z.instanceof(Uint8Array), data: z.instanceof(ArrayBuffer) }),
});

export async function savePairing(db: DeviceDb, sealer: Sealer, link: PairingLink): Promise<void> {
  const { deviceSecret, agentSecret, ...rest } = link;
  const sealed = await sealer.seal({ deviceSecret, agentSecret });
  await db.settings.put({ key: KEY, value: { public: rest, sealed } });
}

export async function loadPairing(db: DeviceDb, sealer: Sealer): Promise<PairingLink | null> {
  const row = await db.settings.get(KEY);
  if (!row) return null;
  const stored = storedPairing.safeParse(row.value);
  if (!stored.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { table: 'settings', key: KEY } });
  let opened: unknown;
  try {
    opened = await sealer.open(stored.data.sealed);
  } catch (cause) {
    throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause, detail: { table: 'settings', key: KEY } });
  }
  const s = secrets.safeParse(opened);
  if (!s.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { table: 'settings', key: KEY } });
  return { ...stored.data.public, ...s.data };
}
