import type { ChipReadResult } from '@dangky/core/agent';
import { buildIdentityProvenance, type MrzCorrection, type MrzResult, type QrIdentity } from '@dangky/core/id';
import type { IdentityProvenance } from '@dangky/core/schemas';

/**
 * What the identity step read from the card, kept (in the step, so only in the flow) until the
 * citizen submits, when it becomes the identity's provenance: sources and check codes for staff,
 * no values. A reading of another card (another ID number) replaces the earlier ones, so a card
 * scanned by mistake before the right one does not show staff a false disagreement.
 */
export interface CardReadings {
  chip: ChipReadResult | null;
  qr: QrIdentity | null;
  mrz: MrzResult | null;
  /** What the check digits and the layout corrected in the MRZ reading (camera OCR), for staff. */
  mrzCorrections?: readonly MrzCorrection[];
}

export const noReadings = (): CardReadings => ({ chip: null, qr: null, mrz: null });

const idOf = (r: CardReadings, kind: keyof CardReadings): string | null | undefined =>
  kind === 'chip' ? r.chip?.identity.idNumber : kind === 'qr' ? r.qr?.idNumber : r.mrz?.fields.idNumber;

/** `readings` with `kind` set to `reading`, dropping readings of another card and those in `drop`. */
export function withReading<K extends keyof CardReadings>(
  readings: CardReadings,
  kind: K,
  reading: NonNullable<CardReadings[K]>,
  drop: readonly (keyof CardReadings)[] = [],
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

/**
 * The provenance of the values submitted. Staff information only: should building it ever fail,
 * the registration goes ahead without it (the citizen is never held up by it).
 */
export function provenanceOf(readings: CardReadings, submitted: Record<string, string>, today: string): IdentityProvenance | undefined {
  try {
    return buildIdentityProvenance({
      chip: readings.chip ? { identity: readings.chip.identity, verdict: readings.chip.verdict } : null,
      qr: readings.qr,
      mrz: readings.mrz,
      mrzCorrections: readings.mrz ? (readings.mrzCorrections ?? []) : [],
      submitted,
      today,
    });
  } catch {
    return undefined;
  }
}
