import type { GateDecision } from './decision.ts';
import { IDENTITY_GATE_FIELDS, type IdentityGateField } from './chip-comparison.ts';
import type { IdentityEvidence } from './identity-evidence.ts';

/**
 * A clerk may correct a typo from the papers in front of them — but not against a genuine chip.
 * Where a chip whose passive authentication passed holds the ID number, the name or the birth
 * date, that field is the chip's to say: typing another value over it is refused (the
 * registration would contradict the card), and a registration that disagrees with it is corrected
 * from the chip instead ("Sửa đăng ký theo chip"), which is not a typed correction. Fields the
 * chip lacks, the other fields (sex, address, contact), and any field against an unverified chip
 * or none are the clerk's to correct, with a reason.
 *
 * | verified chip's field     | typed correction of that field |
 * |---------------------------|--------------------------------|
 * | match / mismatch / unknown | refused                        |
 * | absent                    | allowed                        |
 * | no verified chip          | allowed                        |
 */
export function typedCorrectionGate(evidence: IdentityEvidence, fields: readonly string[]): GateDecision<{ fields: IdentityGateField[] }> {
  const chip = evidence.chip;
  if (!chip || chip.verdict !== 'verified') return { ok: true };
  const held = IDENTITY_GATE_FIELDS.filter((f) => fields.includes(f) && (chip.fields[f] ?? 'absent') !== 'absent');
  return held.length === 0 ? { ok: true } : { ok: false, code: 'DK_ERR_CORRECTION_CONTRADICTS_CHIP', fields: held };
}

/** The identity fields a typed correction may not touch against the registration's evidence now. */
export const chipHeldFields = (evidence: IdentityEvidence): IdentityGateField[] => {
  const decision = typedCorrectionGate(evidence, IDENTITY_GATE_FIELDS);
  return decision.ok ? [] : decision.fields;
};
