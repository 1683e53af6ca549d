import { describe, expect, it } from 'vitest';
import type { IdentityCheck } from '../events/event-types.ts';
import type { ChipEvidence, IdentityEvidence } from './identity-evidence.ts';
import { identityClaimProblem, identityGate } from './identity-gate.ts';

const all = (state: 'match' | 'mismatch' | 'absent' | 'unknown') => ({ idNumber: state, fullName: state, birthDate: state, sex: state });
const chip = (
  verdict: ChipEvidence['verdict'],
  fields: ChipEvidence['fields'],
  origin: ChipEvidence['origin'] = 'counter',
): ChipEvidence => ({
  readId: origin === 'counter' ? 'read-1' : null,
  origin,
  verdict,
  fields,
});
const evidence = (c: ChipEvidence | null, extra: Partial<IdentityEvidence> = {}): IdentityEvidence => ({
  chip: c,
  approval: null,
  registrationChipVerified: false,
  ...extra,
});
const nameWrong = { ...all('match'), fullName: 'mismatch' as const };
const approved = { approval: { chipReadId: 'read-1', approvedBy: 'manager.benthanh' } };

describe('identityGate', () => {
  it.each<[string, IdentityEvidence, boolean, string | IdentityCheck, string[]]>([
    // match
    ['verified counter chip agrees', evidence(chip('verified', all('match'))), false, 'chip-matched', []],
    ['verified kiosk chip agrees', evidence(chip('verified', all('match'), 'kiosk')), false, 'chip-verified', []],
    [
      'unverified chip agrees, papers not yet checked',
      evidence(chip('not-verified', all('match'))),
      false,
      'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED',
      ['check-documents', 'read-chip'],
    ],
    ['unverified chip agrees, papers checked', evidence(chip('not-verified', all('match'))), true, 'documents-checked', []],
    // mismatch, verified: papers are never enough
    [
      'verified chip disagrees',
      evidence(chip('verified', nameWrong)),
      false,
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
      ['correct-from-chip', 'cancel-identity-mismatch'],
    ],
    [
      'verified chip disagrees, papers "checked"',
      evidence(chip('verified', nameWrong)),
      true,
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
      ['correct-from-chip', 'cancel-identity-mismatch'],
    ],
    [
      'verified chip disagrees, even with an approval',
      evidence(chip('verified', nameWrong), approved),
      true,
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
      ['correct-from-chip', 'cancel-identity-mismatch'],
    ],
    [
      'verified kiosk chip disagrees: read it here to correct',
      evidence(chip('verified', nameWrong, 'kiosk')),
      true,
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
      ['read-chip', 'cancel-identity-mismatch'],
    ],
    [
      'verified chip, name typed over since',
      evidence(chip('verified', { ...all('match'), fullName: 'unknown' })),
      true,
      'DK_ERR_IDENTITY_CHIP_REREAD',
      ['read-chip', 'cancel-identity-mismatch'],
    ],
    ['a sex difference alone does not block', evidence(chip('verified', { ...all('match'), sex: 'mismatch' })), false, 'chip-matched', []],
    [
      'verified chip without a name: the papers settle it',
      evidence(chip('verified', { ...all('match'), fullName: 'absent' })),
      true,
      'documents-checked',
      [],
    ],
    [
      'verified chip without a name, papers not checked',
      evidence(chip('verified', { ...all('match'), fullName: 'absent' })),
      false,
      'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED',
      ['check-documents'],
    ],
    // mismatch, unverified: a manager's approval, then the papers
    [
      'unverified chip disagrees',
      evidence(chip('not-verified', nameWrong)),
      true,
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
      ['manager-approval', 'read-chip', 'cancel-identity-mismatch'],
    ],
    [
      'unverified chip disagrees, approved, papers checked',
      evidence(chip('not-verified', nameWrong), approved),
      true,
      'documents-checked',
      [],
    ],
    [
      'unverified chip disagrees, approved, papers not checked',
      evidence(chip('not-verified', nameWrong), approved),
      false,
      'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED',
      ['check-documents', 'read-chip'],
    ],
    [
      'approval of another chip read does not count',
      evidence(chip('not-verified', nameWrong), { approval: { chipReadId: 'read-0', approvedBy: 'm' } }),
      true,
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
      ['manager-approval', 'read-chip', 'cancel-identity-mismatch'],
    ],
    [
      'failed chip agrees: still a manager’s call',
      evidence(chip('failed', all('match'))),
      true,
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
      ['manager-approval', 'read-chip', 'cancel-identity-mismatch'],
    ],
    // no chip
    ['no chip, typed registration', evidence(null), false, 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED', ['read-chip', 'check-documents']],
    ['no chip, papers checked', evidence(null), true, 'documents-checked', []],
    ['no chip, older chip-verified registration', evidence(null, { registrationChipVerified: true }), false, 'chip-verified', []],
  ])('%s', (_, e, documentsChecked, expected, remedies) => {
    const d = identityGate(e, documentsChecked);
    if (d.ok) expect(d.check).toBe(expected);
    else {
      expect(d.code).toBe(expected);
      expect(d.remedies).toEqual(remedies);
    }
  });

  it('names the gate fields that disagree, never their values', () => {
    const d = identityGate(evidence(chip('verified', { idNumber: 'mismatch', fullName: 'match', birthDate: 'mismatch', sex: 'mismatch' })));
    expect(d).toMatchObject({ ok: false, fields: ['idNumber', 'birthDate'] });
  });
});

describe('identityClaimProblem: the server checks what an outcome event claims', () => {
  it.each<[string, IdentityEvidence, IdentityCheck | undefined, string | null]>([
    ['no claim', evidence(chip('verified', all('match'))), undefined, 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED'],
    ['chip-matched backed by an agreeing verified read', evidence(chip('verified', all('match'))), 'chip-matched', null],
    ['chip-matched without any chip read', evidence(null), 'chip-matched', 'DK_ERR_IDENTITY_CHECK_UNSUPPORTED'],
    [
      'chip-matched on an unverified read',
      evidence(chip('not-verified', all('match'))),
      'chip-matched',
      'DK_ERR_IDENTITY_CHECK_UNSUPPORTED',
    ],
    ['chip-verified on a typed registration', evidence(null), 'chip-verified', 'DK_ERR_IDENTITY_CHECK_UNSUPPORTED'],
    ['chip-verified from the kiosk', evidence(null, { registrationChipVerified: true }), 'chip-verified', null],
    [
      'papers against a disagreeing verified chip',
      evidence(chip('verified', nameWrong)),
      'documents-checked',
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
    ],
    [
      'papers against an unapproved unverified mismatch',
      evidence(chip('not-verified', nameWrong)),
      'documents-checked',
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
    ],
    ['papers after the manager approved', evidence(chip('not-verified', nameWrong), approved), 'documents-checked', null],
    ['papers with no chip', evidence(null), 'documents-checked', null],
    ['papers against an agreeing verified chip (weaker, accepted)', evidence(chip('verified', all('match'))), 'documents-checked', null],
  ])('%s → %s', (_, e, claim, code) => {
    expect(identityClaimProblem(e, claim)).toBe(code);
  });
});
