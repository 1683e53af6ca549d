import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey, sign, webcrypto, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes, encodeTlv } from '@dangky/core/icao';
import * as x509 from '../../ca/x509.ts';

/**
 * A throwaway CSCA → Document Signer chain for the simulator and tests, made with the openssl
 * command line (node cannot issue certificates) in a temporary folder that is removed at once;
 * and an EF.SOD signed by that Document Signer over the persona's data groups; the CSCA can
 * issue a CRL (`issueCrl`). Test keys only.
 */

export interface TestPki {
  csca: X509Certificate;
  /** The CSCA's key, to sign CRLs. */
  cscaKey: KeyObject;
  ds: X509Certificate;
  dsKey: KeyObject;
}

export function createTestPki(name = 'Test CSCA'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'dangky-pki-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'csca.key');
    run(
      'req',
      '-x509',
      '-new',
      '-key',
      'csca.key',
      '-subj',
      `/C=VN/O=Test/CN=${name}`,
      '-days',
      '3650',
      '-out',
      'csca.pem',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    );
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ds.key');
    run('req', '-new', '-key', 'ds.key', '-subj', '/C=VN/O=Test/CN=Test Document Signer', '-out', 'ds.csr');
    // A subject key identifier, so a SignerInfo can name the Document Signer by it (CMS v3).
    writeFileSync(join(dir, 'ds.ext'), 'subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\nkeyUsage=critical,digitalSignature\n');
    run(
      'x509',
      '-req',
      '-in',
      'ds.csr',
      '-CA',
      'csca.pem',
      '-CAkey',
      'csca.key',
      '-set_serial',
      '2',
      '-days',
      '365',
      '-extfile',
      'ds.ext',
      '-out',
      'ds.pem',
    );
    return {
      csca: new X509Certificate(readFileSync(join(dir, 'csca.pem'))),
      cscaKey: createPrivateKey(readFileSync(join(dir, 'csca.key'))),
      ds: new X509Certificate(readFileSync(join(dir, 'ds.pem'))),
      dsKey: createPrivateKey(readFileSync(join(dir, 'ds.key'))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seq = (...parts: Uint8Array[]) => encodeTlv(0x30, concatBytes(...parts));
const set = (...parts: Uint8Array[]) => encodeTlv(0x31, concatBytes(...parts));
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const oid = (s: string) => encodeTlv(0x06, hex(s));
const int = (n: number) => encodeTlv(0x02, Uint8Array.of(n));
const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const SHA256 = '608648016503040201';
const LDS_SECURITY_OBJECT = '678108010101';

/** INTEGER content bytes of a hex serial number (a leading 00 keeps it positive). */
function serialBytes(hexSerial: string): Uint8Array {
  const bytes = hex(hexSerial.length % 2 ? `0${hexSerial}` : hexSerial);
  return (bytes[0] ?? 0) & 0x80 ? concatBytes(Uint8Array.of(0), bytes) : bytes;
}

/**
 * The CMS SignerIdentifier naming the Document Signer (RFC 5652 §5.3): issuerAndSerialNumber
 * (SignerInfo version 1) or [0] subjectKeyIdentifier (version 3), taken from the certificate.
 */
export function signerIdentifierOf(
  ds: X509Certificate,
  form: 'issuerAndSerialNumber' | 'subjectKeyIdentifier',
): { version: number; sid: Uint8Array } {
  const cert = new x509.X509Certificate(new Uint8Array(ds.raw));
  if (form === 'issuerAndSerialNumber')
    return { version: 1, sid: seq(new Uint8Array(cert.issuerName.toArrayBuffer()), encodeTlv(0x02, serialBytes(cert.serialNumber))) };
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!ski) throw new Error('the Document Signer has no subject key identifier');
  return { version: 3, sid: encodeTlv(0x80, hex(ski.keyId)) };
}

export interface SodOptions {
  /** How the SignerInfo names its certificate. Default issuerAndSerialNumber. */
  signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** Replace the SignerIdentifier with these bytes (a tampered or foreign sid, for tests). */
  sidOverride?: { version: number; sid: Uint8Array };
}

/** EF.SOD over `groups` (number → bytes), SHA-256, ECDSA-SHA256 by the test Document Signer. */
export function buildSod(groups: ReadonlyMap<number, Uint8Array>, pki: TestPki, options: SodOptions = {}): Uint8Array {
  const lds = seq(int(0), seq(oid(SHA256)), seq(...[...groups].map(([n, bytes]) => seq(int(n), encodeTlv(0x04, sha256(bytes))))));
  const attrsContent = concatBytes(
    seq(oid('2A864886F70D010903'), set(oid(LDS_SECURITY_OBJECT))),
    seq(oid('2A864886F70D010904'), set(encodeTlv(0x04, sha256(lds)))),
  );
  const signature = new Uint8Array(sign('sha256', encodeTlv(0x31, attrsContent), { key: pki.dsKey, dsaEncoding: 'der' }));
  const { version, sid } = options.sidOverride ?? signerIdentifierOf(pki.ds, options.signerIdentifier ?? 'issuerAndSerialNumber');
  const signer = seq(
    int(version),
    sid,
    seq(oid(SHA256)),
    encodeTlv(0xa0, attrsContent),
    seq(oid('2A8648CE3D040302')),
    encodeTlv(0x04, signature),
  );
  const signedData = seq(
    int(3),
    set(seq(oid(SHA256))),
    seq(oid(LDS_SECURITY_OBJECT), encodeTlv(0xa0, encodeTlv(0x04, lds))),
    encodeTlv(0xa0, new Uint8Array(pki.ds.raw)),
    set(signer),
  );
  return encodeTlv(0x77, seq(oid('2A864886F70D010702'), encodeTlv(0xa0, signedData)));
}

export interface CrlOptions {
  /** Serial numbers (hex, as `X509Certificate.serialNumber`) to list as revoked. */
  revoked?: string[];
  thisUpdate?: Date;
  /** Default thisUpdate + 30 days. */
  nextUpdate?: Date;
  /** Sign with this key instead of the CSCA's (a CRL that must not be believed). */
  signingKey?: KeyObject;
}

/** A CRL issued in the name of the test CSCA (DER), made with @peculiar/x509. */
export async function issueCrl(pki: TestPki, options: CrlOptions = {}): Promise<Uint8Array> {
  const key = options.signingKey ?? pki.cscaKey;
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    key.export({ format: 'der', type: 'pkcs8' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const thisUpdate = options.thisUpdate ?? new Date(Date.now() - 60_000);
  const crl = await x509.X509CrlGenerator.create({
    issuer: new x509.X509Certificate(new Uint8Array(pki.csca.raw)).subjectName,
    thisUpdate,
    nextUpdate: options.nextUpdate ?? new Date(thisUpdate.getTime() + 30 * 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    signingKey: signingKey as unknown as x509.X509CrlCreateParams['signingKey'],
    entries: (options.revoked ?? []).map((serialNumber) => ({
      serialNumber,
      revocationDate: new Date(thisUpdate.getTime() - 60_000),
      reason: x509.X509CrlReason.keyCompromise,
    })),
  });
  return new Uint8Array(crl.rawData);
}
