import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatBytes, encodeTlv } from '@dangky/core/icao';

/**
 * A throwaway CSCA → Document Signer chain for the simulator and tests, made with the openssl
 * command line (node cannot issue certificates) in a temporary folder that is removed at once;
 * and an EF.SOD signed by that Document Signer over the persona's data groups. Test keys only.
 */

export interface TestPki {
  csca: X509Certificate;
  ds: X509Certificate;
  dsKey: KeyObject;
}

export function createTestPki(name = 'Test CSCA'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'dangky-pki-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'csca.key');
    run('req', '-x509', '-new', '-key', 'csca.key', '-subj', `/C=VN/O=Test/CN=${name}`, '-days', '3650', '-out', 'csca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
    run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ds.key');
    run('req', '-new', '-key', 'ds.key', '-subj', '/C=VN/O=Test/CN=Test Document Signer', '-out', 'ds.csr');
    run('x509', '-req', '-in', 'ds.csr', '-CA', 'csca.pem', '-CAkey', 'csca.key', '-set_serial', '2', '-days', '365', '-out', 'ds.pem');
    return {
      csca: new X509Certificate(readFileSync(join(dir, 'csca.pem'))),
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

/** EF.SOD over `groups` (number → bytes), SHA-256, ECDSA-SHA256 by the test Document Signer. */
export function buildSod(groups: ReadonlyMap<number, Uint8Array>, pki: TestPki): Uint8Array {
  const lds = seq(int(0), seq(oid(SHA256)), seq(...[...groups].map(([n, bytes]) => seq(int(n), encodeTlv(0x04, sha256(bytes))))));
  const attrsContent = concatBytes(seq(oid('2A864886F70D010903'), set(oid(LDS_SECURITY_OBJECT))), seq(oid('2A864886F70D010904'), set(encodeTlv(0x04, sha256(lds)))));
  const signature = new Uint8Array(sign('sha256', encodeTlv(0x31, attrsContent), { key: pki.dsKey, dsaEncoding: 'der' }));
  const sid = seq(int(2)); // simplified SignerIdentifier; verifiers match the certificate carried in the SOD
  const signer = seq(int(1), sid, seq(oid(SHA256)), encodeTlv(0xa0, attrsContent), seq(oid('2A8648CE3D040302')), encodeTlv(0x04, signature));
  const signedData = seq(int(3), set(seq(oid(SHA256))), seq(oid(LDS_SECURITY_OBJECT), encodeTlv(0xa0, encodeTlv(0x04, lds))), encodeTlv(0xa0, new Uint8Array(pki.ds.raw)), set(signer));
  return encodeTlv(0x77, seq(oid('2A864886F70D010702'), encodeTlv(0xa0, signedData)));
}
