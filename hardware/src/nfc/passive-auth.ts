import { X509Certificate, constants, createHash, verify } from 'node:crypto';
import { DangkyError, type ErrorCode } from '@dangky/core/errors';
import { bytesEqual, bytesToHex, parseSod, type SignerIdentifier } from '@dangky/core/icao';
import * as x509 from '../ca/x509.ts';

/**
 * Passive authentication (ICAO 9303-11 §5.1): every data group read hashes to the value in the
 * SOD (over the raw bytes read), the SOD's messageDigest matches its LDSSecurityObject, the
 * Document Signer — the certificate the SignerInfo's `sid` names — signed the signed attributes,
 * it was issued by a CSCA of the configured trust list, and it is not on that CSCA's CRL
 * (ICAO 9303-11 §5.1.1 step 3; 9303-12 §7.1). Vietnam's CSCA is not known to be public
 * (BRIEF §1.4): with no matching anchor the verdict is "not-verified", never "verified".
 */

export type PassiveVerdict = 'verified' | 'not-verified' | 'failed';

/** Why the verdict is what it is, as a stable code (the `reason` says it in English). */
export type PassiveReasonCode =
  | 'verified'
  | 'sod-missing'
  | 'sod-malformed'
  | 'unsupported-algorithm'
  | 'dg-hash-mismatch'
  | 'message-digest-mismatch'
  | 'ds-missing'
  | 'ds-malformed'
  | 'signer-mismatch'
  | 'signature-invalid'
  | 'no-trusted-csca'
  | 'ds-expired'
  | 'csca-expired'
  | 'ds-revoked';

/** Things the verdict does not rest on but a technician must see (revocation not fully checked). */
export interface PassiveWarning {
  code: 'crl-missing' | 'crl-stale' | 'crl-not-yet-valid' | 'crl-signature-invalid';
  message: string;
}

export interface PassiveResult {
  verdict: PassiveVerdict;
  reason: string;
  reasonCode: PassiveReasonCode;
  /** The registry error code, when the verdict stands for one (a signer mismatch, a revoked DS). */
  code?: ErrorCode;
  hashes: { group: number; match: boolean }[];
  warnings: PassiveWarning[];
  /** How the SignerInfo named the Document Signer certificate that was used. */
  signerIdentifiedBy?: SignerIdentifier['type'];
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
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const RSA_PSS = '1.2.840.113549.1.1.10';

export interface PassiveOptions {
  sod: Uint8Array;
  /** Data-group number → the raw bytes read. */
  groups: ReadonlyMap<number, Uint8Array>;
  /** CSCA certificates (the trust list). */
  trust: readonly X509Certificate[];
  /** CRLs of the CSCAs (DER; see `parseCrl`). Each is used for the CSCA that issued and signed it. */
  crls?: readonly Uint8Array[];
  /** When the check is made; certificates must be valid then. Default now. */
  now?: Date;
}

/** Whether `cert` is within its validity period at `at`. */
const validAt = (cert: X509Certificate, at: Date): boolean => new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);

/** An INTEGER's value as minimal hex (serials compare as numbers: 00 80 = 80). */
const integerHex = (hex: string): string => hex.toLowerCase().replace(/^(00)+(?=.)/, '');

/** Whether the SOD's `sid` names this certificate (RFC 5652 §5.3). */
function names(sid: SignerIdentifier, cert: x509.X509Certificate): boolean {
  if (sid.type === 'issuerAndSerialNumber') {
    return (
      bytesEqual(new Uint8Array(cert.issuerName.toArrayBuffer()), sid.issuer) &&
      integerHex(cert.serialNumber) === integerHex(bytesToHex(sid.serialNumber))
    );
  }
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski !== null && ski.keyId.toLowerCase() === bytesToHex(sid.keyIdentifier).toLowerCase();
}

type Outcome = Omit<PassiveResult, 'hashes' | 'warnings'>;

const REASONS: Record<PassiveReasonCode, [PassiveVerdict, string]> = {
  verified: ['verified', 'hashes, signature, CSCA chain and revocation verified'],
  'sod-missing': ['not-verified', 'the chip has no EF.SOD'],
  'sod-malformed': ['failed', 'EF.SOD is malformed'],
  'unsupported-algorithm': ['failed', 'unsupported hash or signature algorithm'],
  'dg-hash-mismatch': ['failed', 'a data group does not match its hash in the SOD'],
  'message-digest-mismatch': ['failed', 'messageDigest does not match the security object'],
  'ds-missing': ['not-verified', 'no Document Signer certificate in the SOD'],
  'ds-malformed': ['failed', 'Document Signer certificate is malformed'],
  'signer-mismatch': ['failed', 'no certificate in the SOD matches the SignerInfo’s signer identifier'],
  'signature-invalid': ['failed', 'the Document Signer signature does not verify'],
  'no-trusted-csca': ['not-verified', 'no CSCA in the trust list issued this Document Signer'],
  'ds-expired': ['not-verified', 'the Document Signer certificate is outside its validity period'],
  'csca-expired': ['not-verified', 'the CSCA certificate is outside its validity period'],
  'ds-revoked': ['not-verified', 'the Document Signer certificate is revoked on its CSCA’s CRL (ds-revoked)'],
};

const outcome = (reasonCode: PassiveReasonCode, extra: Partial<Outcome> = {}): Outcome => {
  const [verdict, reason] = REASONS[reasonCode];
  return { verdict, reason, reasonCode, ...extra };
};

/** Parses a CRL given as PEM or DER; throws DK_ERR_CHIP_CRL_INVALID. For the CLI and the agent's `--crl`. */
export function parseCrl(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  try {
    const crl = new x509.X509Crl(text.includes('-----BEGIN X509 CRL-----') ? text : bytes);
    return new Uint8Array(crl.rawData);
  } catch (cause) {
    throw new DangkyError('DK_ERR_CHIP_CRL_INVALID', { cause });
  }
}

/** Revocation of `ds` by the CRLs `anchor` issued and signed; warnings when that is not fully known. */
async function revocation(
  ds: x509.X509Certificate,
  anchor: X509Certificate,
  crls: readonly Uint8Array[],
  now: Date,
): Promise<{ revoked: boolean; checked: boolean; warnings: PassiveWarning[] }> {
  const warnings: PassiveWarning[] = [];
  const csca = new x509.X509Certificate(new Uint8Array(anchor.raw));
  const cscaName = new Uint8Array(csca.subjectName.toArrayBuffer());
  let usable = 0;
  let revoked = false;
  for (const der of crls) {
    let crl: x509.X509Crl;
    try {
      crl = new x509.X509Crl(der);
    } catch {
      continue; // checked when loaded (parseCrl); nothing to say about a CRL of no one
    }
    if (!bytesEqual(new Uint8Array(crl.issuerName.toArrayBuffer()), cscaName)) continue;
    if (!(await crl.verify({ publicKey: csca }).catch(() => false))) {
      warnings.push({
        code: 'crl-signature-invalid',
        message: `a CRL in the name of ${csca.subject} is not signed by that CSCA and was ignored`,
      });
      continue;
    }
    if (crl.thisUpdate > now) {
      warnings.push({
        code: 'crl-not-yet-valid',
        message: `the CRL of ${csca.subject} is dated after the time of the check and was ignored`,
      });
      continue;
    }
    usable++;
    // A stale CRL still proves what it lists; it only cannot prove what is missing from it.
    if (crl.nextUpdate && crl.nextUpdate < now)
      warnings.push({
        code: 'crl-stale',
        message: `the CRL of ${csca.subject} is past its nextUpdate (${crl.nextUpdate.toISOString()}); a newer revocation would not be seen`,
      });
    const entry = crl.findRevoked(ds);
    if (entry && entry.revocationDate <= now) revoked = true;
  }
  if (usable === 0)
    warnings.push({
      code: 'crl-missing',
      message: `no valid CRL of ${csca.subject} is configured: the Document Signer's revocation was not checked`,
    });
  return { revoked, checked: usable > 0, warnings };
}

export async function verifyPassive(options: PassiveOptions): Promise<PassiveResult> {
  const hashes: PassiveResult['hashes'] = [];
  const warnings: PassiveWarning[] = [];
  const done = (result: Outcome): PassiveResult => ({ ...result, hashes, warnings });
  let sod;
  try {
    sod = parseSod(options.sod);
  } catch {
    return done(outcome('sod-malformed'));
  }
  const hashName = HASHES[sod.hashAlgorithm];
  if (!hashName) return done(outcome('unsupported-algorithm'));
  for (const [group, bytes] of options.groups) {
    const expected = sod.dataGroupHashes.get(group);
    hashes.push({
      group,
      match: expected !== undefined && bytesEqual(new Uint8Array(createHash(hashName).update(bytes).digest()), expected),
    });
  }
  const bad = hashes.find((h) => !h.match);
  if (bad) return done(outcome('dg-hash-mismatch', { reason: `DG${bad.group} does not match its hash in the SOD` }));
  const digestName = HASHES[sod.digestAlgorithm] ?? SIGNATURE_HASHES[sod.signatureAlgorithm];
  if (!digestName) return done(outcome('unsupported-algorithm'));
  if (sod.signedAttributes) {
    const digest = new Uint8Array(createHash(digestName).update(sod.securityObject).digest());
    if (!sod.messageDigest || !bytesEqual(digest, sod.messageDigest)) return done(outcome('message-digest-mismatch'));
  }
  if (sod.certificates.length === 0) return done(outcome('ds-missing'));
  // The Document Signer is the certificate the SignerInfo names, not whichever comes first.
  let dsDer: Uint8Array | undefined;
  let dsParsed: x509.X509Certificate | undefined;
  for (const der of sod.certificates) {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(der);
    } catch {
      continue;
    }
    if (names(sod.signerIdentifier, cert)) {
      dsDer = der;
      dsParsed = cert;
      break;
    }
  }
  if (!dsDer || !dsParsed) return done(outcome('signer-mismatch', { code: 'DK_ERR_CHIP_SOD_SIGNER_MISMATCH' }));
  const signerIdentifiedBy = sod.signerIdentifier.type;
  let ds: X509Certificate;
  try {
    ds = new X509Certificate(dsDer);
  } catch {
    return done(outcome('ds-malformed', { signerIdentifiedBy }));
  }
  const key =
    sod.signatureAlgorithm === RSA_PSS
      ? { key: ds.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : { key: ds.publicKey, dsaEncoding: 'der' as const };
  let signatureOk = false;
  try {
    signatureOk = verify(digestName, sod.signedAttributes ?? sod.securityObject, key, sod.signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return done(outcome('signature-invalid', { signerIdentifiedBy }));
  const anchor = options.trust.find((csca) => {
    try {
      return ds.checkIssued(csca) && ds.verify(csca.publicKey);
    } catch {
      return false;
    }
  });
  if (!anchor) return done(outcome('no-trusted-csca', { signerIdentifiedBy }));
  // A signature by an expired (or not yet valid) Document Signer or CSCA proves nothing today.
  const now = options.now ?? new Date();
  if (!validAt(ds, now)) return done(outcome('ds-expired', { signerIdentifiedBy }));
  if (!validAt(anchor, now)) return done(outcome('csca-expired', { signerIdentifiedBy }));
  const status = await revocation(dsParsed, anchor, options.crls ?? [], now);
  warnings.push(...status.warnings);
  if (status.revoked) return done(outcome('ds-revoked', { code: 'DK_ERR_CHIP_DS_REVOKED', signerIdentifiedBy }));
  // Without a usable CRL the verdict stands on the chain alone, and says so (plus the warning).
  return done(
    outcome('verified', {
      signerIdentifiedBy,
      ...(status.checked ? {} : { reason: 'hashes, signature and CSCA chain verified; revocation not checked (no CRL)' }),
    }),
  );
}
