import { describe, expect, it } from 'vitest';
import { encodeDg13, encodeTlv } from '@dangky/core/icao';
import { verifyPassive } from './passive-auth.ts';
import { buildSod, createTestPki } from './sim/test-pki.ts';

const utf8 = new TextEncoder();
const groups = new Map<number, Uint8Array>([
  [1, encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode('I'.repeat(90))))],
  [13, encodeDg13({ idNumber: '001099012345', fullName: 'Nguyễn Văn An' })],
]);

describe('passive authentication', () => {
  const pki = createTestPki();
  const foreign = createTestPki('Foreign CSCA');
  const sod = buildSod(groups, pki);

  it('verified: hashes, signature and the chain to the configured CSCA', () => {
    const result = verifyPassive({ sod, groups, trust: [foreign.csca, pki.csca] });
    expect(result).toMatchObject({ verdict: 'verified' });
    expect(result.hashes).toEqual([{ group: 1, match: true }, { group: 13, match: true }]);
  });

  it('not-verified when no CSCA of the trust list matches (never silently verified)', () => {
    expect(verifyPassive({ sod, groups, trust: [foreign.csca] }).verdict).toBe('not-verified');
    expect(verifyPassive({ sod, groups, trust: [] }).verdict).toBe('not-verified');
  });

  it('not-verified when the Document Signer (1 year) or the CSCA (10 years) is outside its validity at the time of the check', () => {
    const inTwoYears = new Date(Date.now() + 2 * 365 * 86_400_000);
    expect(verifyPassive({ sod, groups, trust: [pki.csca], now: inTwoYears })).toMatchObject({ verdict: 'not-verified', reason: 'the Document Signer certificate is outside its validity period' });
    const lastYear = new Date(Date.now() - 365 * 86_400_000);
    expect(verifyPassive({ sod, groups, trust: [pki.csca], now: lastYear }).verdict).toBe('not-verified');
    expect(verifyPassive({ sod, groups, trust: [pki.csca], now: new Date() }).verdict).toBe('verified');
  });

  it('failed on a tampered data group, a tampered SOD, or garbage', () => {
    const tampered = new Map(groups);
    const dg13 = groups.get(13)!.slice();
    dg13[dg13.length - 1] = (dg13[dg13.length - 1] ?? 0) ^ 1;
    tampered.set(13, dg13);
    expect(verifyPassive({ sod, groups: tampered, trust: [pki.csca] })).toMatchObject({ verdict: 'failed', reason: 'DG13 does not match its hash in the SOD' });
    const badSignature = sod.slice();
    badSignature[badSignature.length - 5] = (badSignature[badSignature.length - 5] ?? 0) ^ 1;
    expect(verifyPassive({ sod: badSignature, groups, trust: [pki.csca] }).verdict).toBe('failed');
    expect(verifyPassive({ sod: Uint8Array.of(0x77, 0x00), groups, trust: [pki.csca] }).verdict).toBe('failed');
  });
});
