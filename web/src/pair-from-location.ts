import { errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import { parseEnrolmentHash, parsePairingHash, type PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from './device-db.ts';
import { enrolWithCode } from './enrol-from-location.ts';
import { loadPairing, savePairing } from './pairing-store.ts';
import type { Sealer } from './sealer.ts';

export interface OpenedPairing {
  pairing: PairingLink | null;
  /** This page load paired the device (the app says so once). */
  justPaired: boolean;
  /** Why this page load's pairing link was refused, if it was. */
  pairingError: ErrorCode | null;
}

/**
 * A page load as a device: take a `#pair=…` link or redeem an `#enrol=…` code if the page was
 * opened with one — removing it from the address bar whatever happens, so a secret or a code
 * never stays there or in the history — then load the stored pairing.
 */
export async function pairFromLocation(
  db: DeviceDb,
  sealer: Sealer,
  location: Location = window.location,
  history: History = window.history,
): Promise<OpenedPairing> {
  const hash = location.hash;
  if (hash.startsWith('#pair=') || hash.startsWith('#enrol=')) history.replaceState(history.state, '', location.pathname + location.search);
  let justPaired = false;
  let pairingError: ErrorCode | null = null;
  try {
    const link = parsePairingHash(hash);
    if (link) {
      await savePairing(db, sealer, link);
      justPaired = true;
    }
    const enrolment = parseEnrolmentHash(hash);
    if (enrolment) {
      await enrolWithCode(db, sealer, enrolment);
      justPaired = true;
    }
  } catch (error) {
    pairingError = errorCodeOf(error);
  }
  return { pairing: await loadPairing(db, sealer), justPaired, pairingError };
}
