import { z } from 'zod';
import { sealedPairing } from '@dangky/core/agent';
import { DangkyError, errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import {
  pairingLink,
  parseEnrolmentHash,
  parsePairingHash,
  parseStationHash,
  type EnrolmentLink,
  type PairingLink,
  type StationLink,
} from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { forgetLater } from './forget-keys.ts';
import { sealed, type Sealer } from './sealer.ts';

/**
 * The pairing kept in Dexie. In clear: where the server and the agent are and who this device
 * is. The agent's pairing secret only as the agent sealed it (`sealedPairing`: the agent opens
 * it, nobody else can), and the device secret — which authenticates every push and pull —
 * sealed under a row key the agent keeps. A copy of the profile therefore holds neither secret
 * in a form it can read.
 */
const KEY = 'pairing';
const publicPart = pairingLink.omit({ deviceSecret: true, agentSecret: true }).required({ agentUrl: true });
export const storedPairing = z.object({
  v: z.literal(2),
  public: publicPart,
  sealedPairing,
  secrets: sealed,
});
export type StoredPairing = z.infer<typeof storedPairing>;
const secrets = pairingLink.pick({ deviceSecret: true });

export async function readStoredPairing(db: DeviceDb): Promise<StoredPairing | null> {
  const row = await db.settings.get(KEY);
  if (!row) return null;
  const parsed = storedPairing.safeParse(row.value);
  // An older build's row (v1) is read by legacy-sealing.ts before this is called.
  if (!parsed.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { table: 'settings', key: KEY } });
  return parsed.data;
}

/** Stores a new pairing; the previous one's sealed secrets are forgotten. */
export async function savePairing(db: DeviceDb, sealer: Sealer, link: PairingLink, agentSealedPairing: string): Promise<void> {
  const { deviceSecret, agentSecret: _dropped, ...rest } = link;
  const parsed = publicPart.safeParse(rest);
  if (!parsed.success) throw new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE', { detail: { reason: 'pairing without an agent' } });
  const value: StoredPairing = {
    v: 2,
    public: parsed.data,
    sealedPairing: agentSealedPairing,
    secrets: await sealer.seal({ deviceSecret }),
  };
  await db.transaction('rw', db.settings, async () => {
    const previous = storedPairing.safeParse((await db.settings.get(KEY))?.value);
    if (previous.success) await forgetLater(db, [previous.data.secrets.keyId]);
    await db.settings.put({ key: KEY, value });
  });
}

/** The stored pairing with its device secret opened (through the agent). */
export async function openStoredPairing(stored: StoredPairing, sealer: Sealer): Promise<PairingLink> {
  let opened: unknown;
  try {
    opened = await sealer.open(stored.secrets);
  } catch (cause) {
    throw new DangkyError(
      errorCodeOf(cause) === 'DK_ERR_KEY_STORE_UNAVAILABLE' ? 'DK_ERR_KEY_STORE_UNAVAILABLE' : 'DK_ERR_STORED_ROW_INVALID',
      {
        cause,
        detail: { table: 'settings', key: KEY },
      },
    );
  }
  const s = secrets.safeParse(opened);
  if (!s.success) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { table: 'settings', key: KEY } });
  return { ...stored.public, ...s.data };
}

/** What the page was opened with: a pairing link, a station link, or an enrolment code — at most one. */
export interface TakenLink {
  pair: PairingLink | null;
  station: StationLink | null;
  enrol: EnrolmentLink | null;
  /** Why this page load's link was refused, if it was. */
  error: ErrorCode | null;
}

/**
 * A `#pair=…`, `#station=…` or `#enrol=…` link the page was opened with, removed from the address
 * bar whatever happens, so a secret or a code never stays there or in the history. Nothing is
 * stored yet: storing needs the agent.
 */
export function takeLocationLink(location: Location = window.location, history: History = window.history): TakenLink {
  const hash = location.hash;
  const taken: TakenLink = { pair: null, station: null, enrol: null, error: null };
  if (!/^#(pair|station|enrol)=/.test(hash)) return taken;
  history.replaceState(history.state, '', location.pathname + location.search);
  try {
    taken.pair = parsePairingHash(hash);
    taken.station = parseStationHash(hash);
    taken.enrol = parseEnrolmentHash(hash);
  } catch (error) {
    taken.error = errorCodeOf(error);
  }
  return taken;
}
