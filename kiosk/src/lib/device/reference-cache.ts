import { z } from 'zod';
import { reference, type Reference } from '@dangky/core/schemas';
import { deviceAuthorization, routes, type PairingLink } from '@dangky/core/protocol';
import { adoptServerCounters, requestJson, type DeviceDb } from '@dangky/web';

/**
 * The provider catalogue and site list, fetched from the server when it can be reached and
 * kept in Dexie, so an offline kiosk still offers the providers it last knew. Parsed on the
 * way in and on the way out. The answer also says where this kiosk's counters stand on the
 * server, which a wiped kiosk adopts before it hands out a ticket.
 */
const KEY = 'reference';
const stored = z.object({ at: z.string(), reference });

export async function refreshReference(db: DeviceDb, pairing: PairingLink, options: { fetch?: typeof fetch } = {}): Promise<Reference> {
  const fresh = await requestJson(pairing.server, routes.reference, reference, {
    authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await db.settings.put({ key: KEY, value: { at: new Date().toISOString(), reference: fresh } });
  if (fresh.device) await adoptServerCounters(db, fresh.device);
  return fresh;
}

export async function cachedReference(db: DeviceDb): Promise<Reference | null> {
  const row = await db.settings.get(KEY);
  const parsed = stored.safeParse(row?.value);
  return parsed.success ? parsed.data.reference : null;
}
