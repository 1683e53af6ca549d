import { z } from 'zod';
import { reference, type Reference } from '@dangky/core/schemas';
import type { PairingLink } from '@dangky/core/protocol';
import { fetchDeviceReference, type DeviceDb } from '@dangky/web';

/**
 * The provider catalogue and site list, fetched from the server when it can be reached and
 * kept in Dexie, so an offline kiosk still offers the providers it last knew. Parsed on the
 * way in and on the way out. The answer also says where this kiosk's counters stand on the
 * server, which a wiped kiosk adopts before it hands out a ticket.
 */
const KEY = 'reference';
const stored = z.object({ at: z.string(), reference });

export async function refreshReference(db: DeviceDb, pairing: PairingLink, options: { fetch?: typeof fetch } = {}): Promise<Reference> {
  const fresh = await fetchDeviceReference(db, pairing, options);
  await db.settings.put({ key: KEY, value: { at: new Date().toISOString(), reference: fresh } });
  return fresh;
}

export async function cachedReference(db: DeviceDb): Promise<Reference | null> {
  const row = await db.settings.get(KEY);
  const parsed = stored.safeParse(row?.value);
  return parsed.success ? parsed.data.reference : null;
}
