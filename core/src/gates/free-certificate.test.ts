import { describe, expect, it } from 'vitest';
import { freeCertificateGate, pendingEidHandOffs } from './free-certificate.ts';
import { holdingStatus, type Holding } from './holding.ts';
import { serviceRules } from './service-rules.ts';
import { heldCertificate } from '../testing/holdings.ts';

const at = '2026-11-22T03:00:00.000Z';
const certificate = heldCertificate;
const eid = (eidResult: Holding['eidResult']): Holding => ({
  ...certificate(),
  registrationId: `e-${eidResult}`,
  kind: 'eid-level2',
  channel: null,
  providerId: null,
  tokenSerial: null,
  certificateSerial: null,
  notAfter: null,
  eidResult,
});
const token = { kind: 'digital-signature', channel: 'token', providerId: 'viettel' } as const;
const decide = (
  holdings: Holding[],
  service: Parameters<typeof freeCertificateGate>[0]['service'] = token,
  rules = serviceRules.parse({}),
) => freeCertificateGate({ service, registrationId: 'r-new', holdings, at, rules });

describe('freeCertificateGate: one free certificate per citizen and programme', () => {
  it.each<[string, Holding[], string | null]>([
    ['nothing held', [], null],
    ['an active token certificate (another provider)', [certificate()], 'DK_ERR_CERTIFICATE_ALREADY_HELD'],
    [
      'an active remote signature (no recorded end, within a year)',
      [certificate({ channel: 'remote', notAfter: null, tokenSerial: null })],
      'DK_ERR_CERTIFICATE_ALREADY_HELD',
    ],
    ['a revoked certificate (lost token: revoke, then re-issue)', [certificate({ revoked: true })], null],
    ['an expired certificate', [certificate({ notAfter: '2026-11-22T02:59:59.000Z' })], null],
    [
      'a remote signature older than the validity period',
      [certificate({ channel: 'remote', notAfter: null, issuedAt: '2025-11-22T02:59:00.000Z' })],
      null,
    ],
    ['the registration itself', [certificate({ registrationId: 'r-new' })], null],
    ['an e-ID level-2 hand-off is not a certificate', [eid('pending'), eid('approved')], null],
  ])('%s → %s', (_, holdings, code) => {
    const d = decide(holdings);
    expect(d.ok ? null : d.code).toBe(code);
  });

  it('names the certificates in the way', () => {
    const held = certificate();
    expect(decide([held, certificate({ registrationId: 'r-gone', revoked: true })])).toEqual({
      ok: false,
      code: 'DK_ERR_CERTIFICATE_ALREADY_HELD',
      held: [held],
    });
  });

  it('does not apply to e-ID level 2', () => {
    expect(decide([certificate()], { kind: 'eid-level2' }).ok).toBe(true);
  });

  it('follows the programme’s configuration: per provider, or more than one', () => {
    const perProvider = serviceRules.parse({ freeCertificate: { scope: 'per-provider' } });
    expect(decide([certificate()], token, perProvider).ok).toBe(true);
    expect(decide([certificate({ providerId: 'viettel' })], token, perProvider).ok).toBe(false);
    const two = serviceRules.parse({ freeCertificate: { maxActive: 2 } });
    expect(decide([certificate()], token, two).ok).toBe(true);
    expect(decide([certificate(), certificate({ registrationId: 'r-2' })], token, two).ok).toBe(false);
  });
});

describe('holdingStatus and pending e-ID hand-offs', () => {
  it.each<[Holding, string]>([
    [certificate(), 'active'],
    [certificate({ revoked: true }), 'revoked'],
    [certificate({ notAfter: at }), 'expired'],
    [eid(null), 'pending'],
    [eid('refused'), 'refused'],
  ])('%j is %s', (h, status) => {
    expect(holdingStatus(h, at)).toBe(status);
  });

  it('lists the hand-offs still waiting for the officer', () => {
    expect(pendingEidHandOffs([eid(null), eid('pending'), eid('approved'), certificate()], 'r-new').map((h) => h.eidResult)).toEqual([
      null,
      'pending',
    ]);
  });
});
