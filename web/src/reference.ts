import { z } from 'zod';
import { reference, type Reference } from '@dangky/core/schemas';
import { deviceAuthorization, routes, type PairingLink } from '@dangky/core/protocol';
import { adoptServerCounters } from './device-counters.ts';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';
import type { Sealer } from './sealer.ts';
import { fetchHandoffKeys } from './handoff-keys.ts';

/**
 * `GET /v1/reference` as this device: the catalogue and its own site, and where the device's counters
 * stand on the server — adopted at once, so a wiped browser never reuses a sequence number.
 * Kiosk and counter call it when they start and whenever the network returns; it also refreshes
 * the site's hand-off keys (`handoff-keys.ts`).
 */
export async function fetchDeviceReference(
  db: DeviceDb,
  pairing: PairingLink,
  options: { fetch?: typeof fetch; sealer?: Sealer } = {},
): Promise<Reference> {
  const fresh = await requestJson(pairing.server, routes.reference, reference, {
    authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (fresh.device) await adoptServerCounters(db, fresh.device);
  // The hand-off keys ride along: a booth must hold them before its uplink goes down. A server
  // without the route (older) or a failure here leaves the reference usable.
  if (fresh.device) await fetchHandoffKeys(db, pairing, options).catch(() => undefined);
  return fresh;
}

/**
 * The catalogue and site list kept in Dexie, so an offline device still offers the providers (and
 * their key types) and decides with the rules it last knew. Parsed on the way in and on the way out.
 */
const REFERENCE_KEY = 'reference';
const storedReference = z.object({ at: z.string(), reference });

/** `fetchDeviceReference`, and the answer kept for when the server cannot be reached. */
export async function refreshReference(
  db: DeviceDb,
  pairing: PairingLink,
  options: { fetch?: typeof fetch; sealer?: Sealer } = {},
): Promise<Reference> {
  const fresh = await fetchDeviceReference(db, pairing, options);
  await db.settings.put({ key: REFERENCE_KEY, value: { at: new Date().toISOString(), reference: fresh } });
  return fresh;
}

export async function cachedReference(db: DeviceDb): Promise<Reference | null> {
  const row = await db.settings.get(REFERENCE_KEY);
  const parsed = storedReference.safeParse(row?.value);
  return parsed.success ? parsed.data.reference : null;
}
