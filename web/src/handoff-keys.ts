import { z } from 'zod';
import { errorCodeOf } from '@dangky/core/errors';
import {
  handoffKeysResponse,
  importSitePrivateKey,
  sitePrivateKey,
  sitePublicKey,
  type HandoffKeysResponse,
  type OpeningKey,
  type SitePublicKey,
} from '@dangky/core/handoff';
import { deviceAuthorization, routes, type PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { requestJson } from './http-client.ts';
import { isSealed, type Sealer } from './sealer.ts';

/**
 * The site's hand-off keys on this device (docs/handoff-ticket.md). A kiosk keeps the public half
 * it seals tickets with, as a plain setting. A counter keeps the private halves sealed like any
 * other personal row, under a key the station's hardware agent holds outside the browser profile
 * (sealer.ts): a non-extractable CryptoKey stored in IndexedDB would still lie in the profile's
 * files, and a copy of the profile could then open every ticket of the site. They are imported
 * non-extractable, in memory, only when a ticket is opened. Refreshed whenever the device
 * reaches the server, so a rotation reaches the booth before the uplink goes down; keys the
 * server no longer delivers are dropped.
 */
const SEAL = 'handoffSeal';
const OPEN = 'handoffOpen';
/** Where earlier builds kept the private halves as CryptoKeys (`keys` table): deleted at the next refresh. */
const LEGACY_PREFIX = 'handoff:';

export async function fetchHandoffKeys(
  db: DeviceDb,
  pairing: PairingLink,
  options: { fetch?: typeof fetch; sealer?: Sealer } = {},
): Promise<void> {
  const fresh = await requestJson(pairing.server, routes.handoffKeys, handoffKeysResponse, {
    authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await storeHandoffKeys(db, options.sealer ?? null, fresh);
}

/**
 * Keeps what the server delivered. The private halves are kept only sealed: a device without a
 * sealer keeps none. The sealed copy keeps its row key across refreshes (the agent holds one key
 * for it, not one per reconnection); with no private halves left the key is forgotten.
 */
export async function storeHandoffKeys(db: DeviceDb, sealer: Sealer | null, delivered: HandoffKeysResponse): Promise<void> {
  // Parsed again so the plain setting holds the public half and nothing else, whatever the caller passed.
  const fresh = handoffKeysResponse.parse(delivered);
  const previous = (await db.settings.get(OPEN))?.value;
  const keyId = isSealed(previous) ? previous.keyId : undefined;
  const open = fresh.open?.length && sealer ? await sealOpening(sealer, fresh.open, keyId) : null;
  await db.transaction('rw', db.settings, db.keys, async () => {
    await db.settings.put({ key: SEAL, value: fresh.seal });
    if (open) await db.settings.put({ key: OPEN, value: open });
    else await db.settings.delete(OPEN);
    await db.keys.where('id').startsWith(LEGACY_PREFIX).delete();
  });
  if (keyId && open?.keyId !== keyId) await sealer?.keys.forget([keyId]).catch(() => undefined);
}

/** Under the row's key when the agent still holds it, else under a new one. */
async function sealOpening(sealer: Sealer, open: NonNullable<HandoffKeysResponse['open']>, keyId: string | undefined) {
  if (keyId) {
    const kept = await sealer.seal(open, { keyId }).catch(() => null);
    if (kept) return kept;
  }
  return sealer.seal(open);
}

/** The key a kiosk seals its tickets with, or null before it first reached the server. */
export async function sealingSiteKey(db: DeviceDb): Promise<SitePublicKey | null> {
  const row = await db.settings.get(SEAL);
  const parsed = sitePublicKey.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}

const openingKeys = z.array(sitePrivateKey);

/**
 * The keys a counter opens tickets with: empty before it first reached the server, and when the
 * agent no longer holds the key they were sealed under (the counter was wiped, or this is a
 * copy of its profile) — the ticket is then refused as "no key yet", never opened.
 */
export async function openingSiteKeys(db: DeviceDb, sealer: Sealer): Promise<OpeningKey[]> {
  const row = (await db.settings.get(OPEN))?.value;
  if (!isSealed(row)) return [];
  let plain: unknown;
  try {
    plain = await sealer.open(row);
  } catch (error) {
    // An agent that cannot be asked is said as such; a key it no longer holds means no key.
    const code = errorCodeOf(error);
    if (code === 'DK_ERR_ROW_KEY_FORGOTTEN' || code === 'DK_ERR_STORED_ROW_INVALID') return [];
    throw error;
  }
  const parsed = openingKeys.safeParse(plain);
  if (!parsed.success) return [];
  return Promise.all(parsed.data.map(async (k) => ({ kid: k.kid, privateKey: await importSitePrivateKey(k) })));
}
