import { reference, type Reference } from '@dangky/core/schemas';
import { deviceAuthorization, routes, type PairingLink } from '@dangky/core/protocol';
import { adoptServerCounters } from './device-counters.ts';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';
import type { Sealer } from './sealer.ts';
import { fetchHandoffKeys } from './handoff-keys.ts';

/**
 * `GET /v1/reference` as this device: the catalogue and sites, and where the device's counters
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
