import { z } from 'zod';

/**
 * Comparing a chip's identity with the registration's, field by field. The result names fields
 * and outcomes only (`match` / `mismatch` / `absent` when the chip lacks the field), so it can be
 * recorded in an event and sent to the server without any personal value. The chip's values
 * themselves stay on the counter, for the before/after of a correction.
 */
export const CHIP_COMPARED_FIELDS = ['idNumber', 'fullName', 'birthDate', 'sex'] as const;
/** The fields whose disagreement stops a signature: the ones a certificate and the ID registry are keyed on. */
export const IDENTITY_GATE_FIELDS = ['idNumber', 'fullName', 'birthDate'] as const;

export const chipComparedField = z.enum(CHIP_COMPARED_FIELDS);
export type ChipComparedField = z.infer<typeof chipComparedField>;
export type IdentityGateField = (typeof IDENTITY_GATE_FIELDS)[number];

export const fieldMatch = z.enum(['match', 'mismatch', 'absent']);
export type FieldMatch = z.infer<typeof fieldMatch>;
export const chipFieldMatches = z.partialRecord(chipComparedField, fieldMatch);
export type ChipFieldMatches = z.infer<typeof chipFieldMatches>;

type Values = Partial<Record<ChipComparedField, string | null | undefined>>;

/**
 * Same value for the gate: Unicode form, spacing and letter case do not count; diacritics do
 * (`Nguyễn` ≠ `Nguyến`): the certificate carries the name with its diacritics, so a name that
 * differs only by a tone mark is a different name to correct, not a match.
 */
export function sameIdentityValue(field: ChipComparedField, a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  return field === 'fullName' ? norm(a).toLocaleLowerCase('vi') === norm(b).toLocaleLowerCase('vi') : norm(a) === norm(b);
}

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

export function compareWithChip(registration: Values, chip: Values): Record<ChipComparedField, FieldMatch> {
  const out = {} as Record<ChipComparedField, FieldMatch>;
  for (const field of CHIP_COMPARED_FIELDS) {
    const c = chip[field];
    const r = registration[field];
    out[field] = !present(c) ? 'absent' : present(r) && sameIdentityValue(field, r, c) ? 'match' : 'mismatch';
  }
  return out;
}

export interface ChipCorrection {
  field: ChipComparedField;
  before: string;
  after: string;
}

/** What "correct from the chip" would change: each field the chip has and the registration disagrees on. */
export function chipCorrections(registration: Values, chip: Values): ChipCorrection[] {
  const matches = compareWithChip(registration, chip);
  return CHIP_COMPARED_FIELDS.filter((f) => matches[f] === 'mismatch').map((field) => ({
    field,
    before: registration[field] ?? '',
    after: (chip[field] as string).normalize('NFC').trim(),
  }));
}
