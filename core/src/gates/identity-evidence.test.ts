import { describe, expect, it } from 'vitest';
import type { Identity } from '../schemas/identity.ts';
import { correctedEvidence, kioskEvidence, type IdentityEvidence } from './identity-evidence.ts';

const identity = (over: Partial<Identity> = {}): Identity => ({
  idNumber: '001099012345',
  fullName: 'Nguyễn Văn An',
  birthDate: '1999-05-15',
  sex: 'M',
  address: 'Số 1',
  source: 'manual',
  assurance: 'declared',
  ...over,
});

describe('kioskEvidence', () => {
  it('has no chip for a typed registration', () => {
    expect(kioskEvidence(identity())).toEqual({ chip: null, approval: null, registrationChipVerified: false });
  });

  it('turns the provenance of a kiosk chip read into matches, and an edited field into a mismatch', () => {
    const e = kioskEvidence(
      identity({
        provenance: {
          fields: {
            idNumber: { source: 'chip', edited: false },
            fullName: { source: 'manual', edited: true, editedFrom: 'chip' },
            birthDate: { source: 'chip', edited: false },
          },
          checks: [{ check: 'chip-passive-auth', outcome: 'passed', detail: { source: 'chip' } }],
        },
      }),
    );
    expect(e.chip).toEqual({
      readId: null,
      origin: 'kiosk',
      verdict: 'verified',
      fields: { idNumber: 'match', fullName: 'mismatch', birthDate: 'match', sex: 'absent' },
    });
  });

  it('reads a failed passive authentication as failed', () => {
    const e = kioskEvidence(
      identity({ provenance: { fields: {}, checks: [{ check: 'chip-passive-auth', outcome: 'error', code: 'DK_ERR_ID_CHIP_FAILED' }] } }),
    );
    expect(e.chip?.verdict).toBe('failed');
  });
});

describe('correctedEvidence', () => {
  const read: IdentityEvidence = {
    chip: {
      readId: 'read-1',
      origin: 'counter',
      verdict: 'verified',
      fields: { idNumber: 'match', fullName: 'mismatch', birthDate: 'mismatch', sex: 'absent' },
    },
    approval: null,
    registrationChipVerified: true,
  };

  it('makes the fields taken from that chip read match', () => {
    expect(correctedEvidence(read, ['fullName', 'birthDate'], 'read-1').chip?.fields).toEqual({
      idNumber: 'match',
      fullName: 'match',
      birthDate: 'match',
      sex: 'absent',
    });
  });

  it('makes fields typed by hand (or from another read) unknown, and the kiosk’s chip-verified no longer hold', () => {
    const typed = correctedEvidence(read, ['idNumber', 'fullName', 'sex'], null);
    expect(typed.chip?.fields).toEqual({ idNumber: 'unknown', fullName: 'unknown', birthDate: 'mismatch', sex: 'absent' });
    expect(typed.registrationChipVerified).toBe(false);
    expect(correctedEvidence(read, ['fullName'], 'read-0').chip?.fields.fullName).toBe('unknown');
  });

  it('changes nothing for fields no chip compares (address, phone)', () => {
    expect(correctedEvidence(read, ['address', 'phone'], null)).toBe(read);
  });
});
