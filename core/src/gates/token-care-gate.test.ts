import { describe, expect, it } from 'vitest';
import type { ChipEvidence, IdentityEvidence } from './identity-evidence.ts';
import { tokenCareGate, type TokenCareRequest } from './token-care-gate.ts';

const fields = (name: 'match' | 'mismatch') => ({ idNumber: 'match', fullName: name, birthDate: 'match', sex: 'match' }) as const;
const chip = (verdict: ChipEvidence['verdict'], name: 'match' | 'mismatch', origin: ChipEvidence['origin'] = 'counter'): ChipEvidence => ({
  readId: origin === 'counter' ? 'read-9' : null,
  origin,
  verdict,
  fields: fields(name),
});
const e = (c: ChipEvidence | null, extra: Partial<IdentityEvidence> = {}): IdentityEvidence => ({
  chip: c,
  approval: null,
  registrationChipVerified: false,
  ...extra,
});
const authority = { kind: 'authority', authority: 'Công an phường Bến Thành', documentRef: '123/CV-CAP' } as const;

describe('tokenCareGate: unblock and revoke need the holder, now', () => {
  it.each<[string, IdentityEvidence, TokenCareRequest, string | null]>([
    ['unblock with nothing', e(null), { action: 'unblock' }, 'DK_ERR_CARE_HOLDER_UNCONFIRMED'],
    [
      'revoke on the kiosk’s chip read, claiming nothing',
      e(chip('verified', 'match', 'kiosk')),
      { action: 'revoke' },
      'DK_ERR_CARE_HOLDER_UNCONFIRMED',
    ],
    ['unblock, papers checked', e(null), { action: 'unblock', identityCheck: 'documents-checked' }, null],
    [
      'unblock, holder’s verified chip read now agrees',
      e(chip('verified', 'match')),
      { action: 'unblock', identityCheck: 'chip-matched' },
      null,
    ],
    [
      'unblock, verified chip of someone else',
      e(chip('verified', 'mismatch')),
      { action: 'unblock', identityCheck: 'documents-checked' },
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
    ],
    [
      'unblock, unverified chip disagrees',
      e(chip('not-verified', 'mismatch')),
      { action: 'unblock', identityCheck: 'documents-checked' },
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
    ],
    [
      'unblock, unverified chip disagrees, approved',
      e(chip('not-verified', 'mismatch'), { approval: { chipReadId: 'read-9', approvedBy: 'm' } }),
      { action: 'unblock', identityCheck: 'documents-checked' },
      null,
    ],
    // What the kiosk read at registration says nothing about who stands at the counter today.
    [
      'unblock on the registration’s chip-verified identity',
      e(null, { registrationChipVerified: true }),
      { action: 'unblock', identityCheck: 'chip-verified' },
      'DK_ERR_IDENTITY_CHECK_UNSUPPORTED',
    ],
    [
      'revoke on the kiosk’s chip read',
      e(chip('verified', 'match', 'kiosk')),
      { action: 'revoke', identityCheck: 'chip-verified' },
      'DK_ERR_IDENTITY_CHECK_UNSUPPORTED',
    ],
    [
      'chip-matched claimed without a read',
      e(null),
      { action: 'revoke', identityCheck: 'chip-matched' },
      'DK_ERR_IDENTITY_CHECK_UNSUPPORTED',
    ],
    [
      'revoke, holder asked, papers checked',
      e(null),
      { action: 'revoke', identityCheck: 'documents-checked', requestedBy: { kind: 'holder' } },
      null,
    ],
    ['revoke an authority asked for in writing, holder absent', e(null), { action: 'revoke', requestedBy: authority }, null],
    ['an authority cannot unblock a PIN', e(null), { action: 'unblock', requestedBy: authority }, 'DK_ERR_CARE_HOLDER_UNCONFIRMED'],
  ])('%s → %s', (_, evidence, request, code) => {
    const d = tokenCareGate(evidence, request);
    expect(d.ok ? null : d.code).toBe(code);
  });
});
