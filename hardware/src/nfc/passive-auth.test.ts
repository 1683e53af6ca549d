import { describe, expect, it } from 'vitest';
import { encodeDg13, encodeTlv } from '@dangky/core/icao';
import { parseCrl, verifyPassive } from './passive-auth.ts';
import { buildSod, createTestPki, issueCrl, signerIdentifierOf } from './sim/test-pki.ts';

const utf8 = new TextEncoder();
const groups = new Map<number, Uint8Array>([
  [1, encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode('I'.repeat(90))))],
  [13, encodeDg13({ idNumber: '001099012345', fullName: 'Nguyễn Văn An' })],
]);

describe('passive authentication', () => {
  const pki = createTestPki();
  const foreign = createTestPki('Foreign CSCA');
  const sod = buildSod(groups, pki);

  it('verified: hashes, signature and the chain to the configured CSCA', async () => {
    const result = await verifyPassive({ sod, groups, trust: [foreign.csca, pki.csca] });
    expect(result).toMatchObject({ verdict: 'verified', reasonCode: 'verified', signerIdentifiedBy: 'issuerAndSerialNumber' });
    expect(result.hashes).toEqual([
      { group: 1, match: true },
      { group: 13, match: true },
    ]);
    // No CRL configured: verified, and says that revocation was not checked.
    expect(result.warnings.map((w) => w.code)).toEqual(['crl-missing']);
  });

  it('not-verified when no CSCA of the trust list matches (never silently verified)', async () => {
    expect((await verifyPassive({ sod, groups, trust: [foreign.csca] })).verdict).toBe('not-verified');
    expect((await verifyPassive({ sod, groups, trust: [] })).reasonCode).toBe('no-trusted-csca');
  });

  it('not-verified when the Document Signer (1 year) or the CSCA (10 years) is outside its validity at the time of the check', async () => {
    const inTwoYears = new Date(Date.now() + 2 * 365 * 86_400_000);
    expect(await verifyPassive({ sod, groups, trust: [pki.csca], now: inTwoYears })).toMatchObject({
      verdict: 'not-verified',
      reason: 'the Document Signer certificate is outside its validity period',
    });
    const lastYear = new Date(Date.now() - 365 * 86_400_000);
    expect((await verifyPassive({ sod, groups, trust: [pki.csca], now: lastYear })).verdict).toBe('not-verified');
    expect((await verifyPassive({ sod, groups, trust: [pki.csca], now: new Date() })).verdict).toBe('verified');
  });

  it('failed on a tampered data group, a tampered SOD, or garbage', async () => {
    const tampered = new Map(groups);
    const dg13 = groups.get(13)!.slice();
    dg13[dg13.length - 1] = (dg13[dg13.length - 1] ?? 0) ^ 1;
    tampered.set(13, dg13);
    expect(await verifyPassive({ sod, groups: tampered, trust: [pki.csca] })).toMatchObject({
      verdict: 'failed',
      reasonCode: 'dg-hash-mismatch',
      reason: 'DG13 does not match its hash in the SOD',
    });
    const badSignature = sod.slice();
    badSignature[badSignature.length - 5] = (badSignature[badSignature.length - 5] ?? 0) ^ 1;
    expect((await verifyPassive({ sod: badSignature, groups, trust: [pki.csca] })).verdict).toBe('failed');
    expect((await verifyPassive({ sod: Uint8Array.of(0x77, 0x00), groups, trust: [pki.csca] })).verdict).toBe('failed');
  });

  describe('the SignerInfo sid selects the Document Signer', () => {
    it('by subject key identifier (SignerInfo v3)', async () => {
      const bySki = buildSod(groups, pki, { signerIdentifier: 'subjectKeyIdentifier' });
      expect(await verifyPassive({ sod: bySki, groups, trust: [pki.csca] })).toMatchObject({
        verdict: 'verified',
        signerIdentifiedBy: 'subjectKeyIdentifier',
      });
    });

    it('a tampered sid (serial, issuer or key identifier) matches no certificate: failed with a code', async () => {
      const real = signerIdentifierOf(pki.ds, 'issuerAndSerialNumber').sid;
      const otherSerial = real.slice();
      otherSerial[otherSerial.length - 1] = (otherSerial[otherSerial.length - 1] ?? 0) ^ 1;
      // The foreign PKI's DS has the same serial (2) but another issuer.
      const otherIssuer = signerIdentifierOf(foreign.ds, 'issuerAndSerialNumber').sid;
      const ski = signerIdentifierOf(pki.ds, 'subjectKeyIdentifier').sid;
      const otherSki = ski.slice();
      otherSki[otherSki.length - 1] = (otherSki[otherSki.length - 1] ?? 0) ^ 1;
      for (const sidOverride of [
        { version: 1, sid: otherSerial },
        { version: 1, sid: otherIssuer },
        { version: 3, sid: otherSki },
      ]) {
        const result = await verifyPassive({ sod: buildSod(groups, pki, { sidOverride }), groups, trust: [pki.csca] });
        expect(result).toMatchObject({ verdict: 'failed', reasonCode: 'signer-mismatch', code: 'DK_ERR_CHIP_SOD_SIGNER_MISMATCH' });
      }
    });
  });

  describe('CRL of the CSCA', () => {
    it('a Document Signer on the CRL is not verified (ds-revoked); one not on it is verified without a warning', async () => {
      const revoking = await issueCrl(pki, { revoked: [pki.ds.serialNumber] });
      expect(await verifyPassive({ sod, groups, trust: [pki.csca], crls: [revoking] })).toMatchObject({
        verdict: 'not-verified',
        reasonCode: 'ds-revoked',
        code: 'DK_ERR_CHIP_DS_REVOKED',
        warnings: [],
      });
      const clean = await issueCrl(pki, { revoked: ['7F'] });
      expect(await verifyPassive({ sod, groups, trust: [pki.csca], crls: [clean] })).toMatchObject({ verdict: 'verified', warnings: [] });
    });

    it('a CRL in the CSCA’s name signed by another key is ignored, with a warning (not believed, not silent)', async () => {
      const forged = await issueCrl(pki, { revoked: [pki.ds.serialNumber], signingKey: foreign.cscaKey });
      const result = await verifyPassive({ sod, groups, trust: [pki.csca], crls: [forged] });
      expect(result.verdict).toBe('verified');
      expect(result.warnings.map((w) => w.code)).toEqual(['crl-signature-invalid', 'crl-missing']);
    });

    it('a stale CRL still revokes what it lists, and is reported', async () => {
      const lastMonth = new Date(Date.now() - 40 * 86_400_000);
      const staleClean = await issueCrl(pki, { thisUpdate: lastMonth, nextUpdate: new Date(Date.now() - 86_400_000) });
      const stale = await verifyPassive({ sod, groups, trust: [pki.csca], crls: [staleClean] });
      expect(stale).toMatchObject({ verdict: 'verified' });
      expect(stale.warnings.map((w) => w.code)).toEqual(['crl-stale']);
      const staleRevoking = await issueCrl(pki, {
        revoked: [pki.ds.serialNumber],
        thisUpdate: lastMonth,
        nextUpdate: new Date(Date.now() - 86_400_000),
      });
      expect((await verifyPassive({ sod, groups, trust: [pki.csca], crls: [staleRevoking] })).reasonCode).toBe('ds-revoked');
    });

    it('another CSCA’s CRL does not count for this one', async () => {
      const other = await issueCrl(foreign, { revoked: [pki.ds.serialNumber] });
      const result = await verifyPassive({ sod, groups, trust: [pki.csca], crls: [other] });
      expect(result).toMatchObject({ verdict: 'verified' });
      expect(result.warnings.map((w) => w.code)).toEqual(['crl-missing']);
    });

    it('parseCrl takes PEM or DER and refuses anything else with a code', async () => {
      const der = await issueCrl(pki);
      const pem = `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString('base64')}\n-----END X509 CRL-----\n`;
      expect(parseCrl(der)).toEqual(der);
      expect(parseCrl(utf8.encode(pem))).toEqual(der);
      expect(() => parseCrl(utf8.encode('not a crl'))).toThrow(expect.objectContaining({ code: 'DK_ERR_CHIP_CRL_INVALID' }));
    });
  });
});
