import { describe, expect, it } from 'vitest';
import { chipHeldFields, typedCorrectionGate } from './typed-correction.ts';
import type { EvidenceFieldState, IdentityEvidence } from './identity-evidence.ts';

const evidence = (verdict: 'verified' | 'not-verified' | 'failed' | null, state: EvidenceFieldState = 'match'): IdentityEvidence => ({
  chip: verdict && {
    readId: 'read-1',
    origin: 'counter',
    verdict,
    fields: { idNumber: state, fullName: state, birthDate: state, sex: state },
  },
  approval: null,
  registrationChipVerified: false,
});

describe('a correction the clerk types', () => {
  it.each<[string, IdentityEvidence, string[], string | null]>([
    ['the name against a verified chip that agrees', evidence('verified', 'match'), ['fullName'], 'DK_ERR_CORRECTION_CONTRADICTS_CHIP'],
    [
      'the birth date against a verified chip that disagrees',
      evidence('verified', 'mismatch'),
      ['birthDate'],
      'DK_ERR_CORRECTION_CONTRADICTS_CHIP',
    ],
    [
      'the ID number after the registration was changed by hand',
      evidence('verified', 'unknown'),
      ['idNumber'],
      'DK_ERR_CORRECTION_CONTRADICTS_CHIP',
    ],
    ['the name where the verified chip has none', evidence('verified', 'absent'), ['fullName'], null],
    ['the sex, address or phone against a verified chip', evidence('verified', 'match'), ['sex', 'address', 'phone'], null],
    ['the name against an unverified chip', evidence('not-verified', 'mismatch'), ['fullName'], null],
    ['the name against a chip that failed verification', evidence('failed', 'match'), ['fullName'], null],
    ['the name with no chip read', evidence(null), ['fullName', 'idNumber', 'birthDate'], null],
  ])('%s', (_, ev, fields, expected) => {
    const decision = typedCorrectionGate(ev, fields);
    expect(decision.ok ? null : decision.code).toBe(expected);
  });

  it('names the fields the chip holds, so the counter offers only the others', () => {
    expect(typedCorrectionGate(evidence('verified'), ['fullName', 'address', 'birthDate'])).toEqual({
      ok: false,
      code: 'DK_ERR_CORRECTION_CONTRADICTS_CHIP',
      fields: ['fullName', 'birthDate'],
    });
    expect(chipHeldFields(evidence('verified'))).toEqual(['idNumber', 'fullName', 'birthDate']);
    expect(chipHeldFields(evidence('not-verified'))).toEqual([]);
  });
});
