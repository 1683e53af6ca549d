import { X509Certificate, constants, createHash, verify } from 'node:crypto';
import { bytesEqual, parseSod } from '@dangky/core/icao';

/**
 * Passive authentication (ICAO 9303-11 §5.1): every data group read hashes to the value in the
 * SOD (over the raw bytes read), the SOD's messageDigest matches its LDSSecurityObject, the
 * Document Signer's signature over the signed attributes verifies, and the Document Signer
 * certificate was issued by a CSCA of the configured trust list. Vietnam's CSCA is not known to
 * be public (BRIEF §1.4): with no matching anchor the verdict is "not-verified", never "verified".
 */

export type PassiveVerdict = 'verified' | 'not-verified' | 'failed';

export interface PassiveResult {
  verdict: PassiveVerdict;
  reason: string;
  hashes: { group: number; match: boolean }[];
}

const HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithm OID → hash, for the algorithms that name their hash. */
const SIGNATURE_HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1', '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1', '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
};
const RSA_PSS = '1.2.840.113549.1.1.10';

export interface PassiveOptions {
  sod: Uint8Array;
  /** Data-group number → the raw bytes read. */
  groups: ReadonlyMap<number, Uint8Array>;
  /** CSCA certificates (the trust list). */
  trust: readonly X509Certificate[];
  /** When the check is made; certificates must be valid then. Default now. */
  now?: Date;
}

/** Whether `cert` is within its validity period at `at`. */
const validAt = (cert: X509Certificate, at: Date): boolean => new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);

export function verifyPassive(options: PassiveOptions): PassiveResult {
  const hashes: PassiveResult['hashes'] = [];
  let sod;
  try {
    sod = parseSod(options.sod);
  } catch {
    return { verdict: 'failed', reason: 'EF.SOD is malformed', hashes };
  }
  const hashName = HASHES[sod.hashAlgorithm];
  if (!hashName) return { verdict: 'failed', reason: 'unsupported hash algorithm', hashes };
  for (const [group, bytes] of options.groups) {
    const expected = sod.dataGroupHashes.get(group);
    hashes.push({ group, match: expected !== undefined && bytesEqual(new Uint8Array(createHash(hashName).update(bytes).digest()), expected) });
  }
  const bad = hashes.find((h) => !h.match);
  if (bad) return { verdict: 'failed', reason: `DG${bad.group} does not match its hash in the SOD`, hashes };
  const digestName = HASHES[sod.digestAlgorithm] ?? SIGNATURE_HASHES[sod.signatureAlgorithm];
  if (!digestName) return { verdict: 'failed', reason: 'unsupported digest algorithm', hashes };
  if (sod.signedAttributes) {
    const digest = new Uint8Array(createHash(digestName).update(sod.securityObject).digest());
    if (!sod.messageDigest || !bytesEqual(digest, sod.messageDigest)) return { verdict: 'failed', reason: 'messageDigest does not match the security object', hashes };
  }
  const [dsDer] = sod.certificates;
  if (!dsDer) return { verdict: 'not-verified', reason: 'no Document Signer certificate in the SOD', hashes };
  let ds: X509Certificate;
  try {
    ds = new X509Certificate(dsDer);
  } catch {
    return { verdict: 'failed', reason: 'Document Signer certificate is malformed', hashes };
  }
  const key = sod.signatureAlgorithm === RSA_PSS ? { key: ds.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : { key: ds.publicKey, dsaEncoding: 'der' as const };
  let signatureOk = false;
  try {
    signatureOk = verify(digestName, sod.signedAttributes ?? sod.securityObject, key, sod.signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { verdict: 'failed', reason: 'the Document Signer signature does not verify', hashes };
  const anchor = options.trust.find((csca) => {
    try {
      return ds.checkIssued(csca) && ds.verify(csca.publicKey);
    } catch {
      return false;
    }
  });
  if (!anchor) return { verdict: 'not-verified', reason: 'no CSCA in the trust list issued this Document Signer', hashes };
  // A signature by an expired (or not yet valid) Document Signer or CSCA proves nothing today.
  // CRLs of the issuing state are not checked: no CRL source is configured (see README).
  const now = options.now ?? new Date();
  if (!validAt(ds, now)) return { verdict: 'not-verified', reason: 'the Document Signer certificate is outside its validity period', hashes };
  if (!validAt(anchor, now)) return { verdict: 'not-verified', reason: 'the CSCA certificate is outside its validity period', hashes };
  return { verdict: 'verified', reason: 'hashes, signature and CSCA chain verified', hashes };
}
