import type { MrzCorrection } from './correct-mrz.ts';
import type { MrzResult } from './mrz.ts';
import type { ChipReading } from './provenance.ts';
import type { QrIdentity } from './qr.ts';

/**
 * What the identity step read from the card — chip, QR, MRZ — kept in the kiosk flow until the
 * citizen submits, when it becomes the identity's provenance: sources and check codes for staff,
 * no values. A reading of another card (another ID number) replaces the earlier ones, so a card
 * scanned by mistake before the right one does not show staff a false disagreement.
 */
export interface CardReadings {
  chip: ChipReading | null;
  qr: QrIdentity | null;
  mrz: MrzResult | null;
  /** What the check digits and the layout corrected in the MRZ reading (camera OCR), for staff. */
  mrzCorrections?: readonly MrzCorrection[];
}

export type CardSource = 'chip' | 'qr' | 'mrz';

export const noReadings = (): CardReadings => ({ chip: null, qr: null, mrz: null });

const idOf = (r: CardReadings, kind: CardSource): string | null | undefined =>
  kind === 'chip' ? r.chip?.identity.idNumber : kind === 'qr' ? r.qr?.idNumber : r.mrz?.fields.idNumber;

/** `readings` with `kind` set to `reading`, dropping readings of another card and those in `drop`. */
export function withReading<K extends CardSource>(
  readings: CardReadings,
  kind: K,
  reading: NonNullable<CardReadings[K]>,
  drop: readonly CardSource[] = [],
): CardReadings {
  const next: CardReadings = { ...readings, [kind]: reading };
  const id = idOf(next, kind);
  for (const other of ['chip', 'qr', 'mrz'] as const) {
    if (other === kind) continue;
    const otherId = idOf(next, other);
    if (drop.includes(other) || (next[other] && id && otherId && otherId !== id)) next[other] = null;
  }
  return next;
}
