import { handoffKeysResponse, importSitePrivateKey, sitePublicKey, type OpeningKey, type SitePublicKey } from '@dangky/core/handoff';
import { deviceAuthorization, routes, type PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';

/**
 * The site's hand-off keys on this device (docs/handoff-ticket.md). A kiosk keeps the public half
 * it seals tickets with, as a setting. A counter keeps the private halves as non-extractable
 * WebCrypto keys in the `keys` table beside the at-rest key: the page can open tickets with them
 * but no script can read them back. Refreshed whenever the device reaches the server, so a
 * rotation reaches the booth before the uplink goes down; keys the server no longer delivers are
 * dropped.
 */
const SEAL = 'handoffSeal';
const PREFIX = 'handoff:';

export async function fetchHandoffKeys(db: DeviceDb, pairing: PairingLink, options: { fetch?: typeof fetch } = {}): Promise<void> {
  const fresh = await requestJson(pairing.server, routes.handoffKeys, handoffKeysResponse, {
    authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const opening = await Promise.all((fresh.open ?? []).map(async (k) => ({ id: `${PREFIX}${k.kid}`, key: await importSitePrivateKey(k) })));
  await db.transaction('rw', db.settings, db.keys, async () => {
    await db.settings.put({ key: SEAL, value: fresh.seal });
    await db.keys.where('id').startsWith(PREFIX).delete();
    if (opening.length) await db.keys.bulkPut(opening as never);
  });
}

/** The key a kiosk seals its tickets with, or null before it first reached the server. */
export async function sealingSiteKey(db: DeviceDb): Promise<SitePublicKey | null> {
  const row = await db.settings.get(SEAL);
  const parsed = sitePublicKey.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

/** The keys a counter opens tickets with (empty before it first reached the server). */
export async function openingSiteKeys(db: DeviceDb): Promise<OpeningKey[]> {
  const rows = await db.keys.where('id').startsWith(PREFIX).toArray();
  return rows.map((r) => ({ kid: r.id.slice(PREFIX.length), privateKey: r.key }));
}
