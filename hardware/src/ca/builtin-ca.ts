import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import type { TokenRevocationReason } from '@dangky/core/token';
import { createPkcs11Client, type Pkcs11Client } from '../token/pkcs11-client.ts';
import { tokenSigner, type TokenSigner } from '../token/token-crypto.ts';
import type { CaAdapter, CertificateStatus, IssuedCertificate } from './ca-adapter.ts';
import { parseCitizenName } from './subject.ts';
import * as x509 from './x509.ts';

/**
 * The built-in certificate authority used by the demo and the tests: a real X.509 CA whose
 * ECDSA P-256 key is generated inside its own file-backed SoftHSM2 token (never extractable)
 * and signs through the PKCS#11 worker like any citizen token. Its state lives in `dir`:
 *
 *   softhsm2.conf, tokens/   the CA's own SoftHSM token store
 *   secrets.json (0600)      the CA token's SO and user PINs (the site's secret store stands in)
 *   ca.pem                   the self-signed CA certificate
 *   ledger.json              every serial ever issued, with revocations (serials are never reused)
 */

export const BUILTIN_CA_LABEL = 'dangky-builtin-ca';
const CA_KEY_ID = 'ca01';
const DAY_MS = 86_400_000;

export interface BuiltinCaOptions {
  /** Directory holding the CA's token store, secrets, certificate and ledger; created if absent. */
  dir: string;
  /** SoftHSM2 module; default /usr/lib/softhsm/libsofthsm2.so. */
  modulePath?: string;
  /** CA subject common name; default "Dangky Built-in CA (demo)". */
  commonName?: string;
  /** CA subject organisation; default "Dangky". */
  organization?: string;
  /** The adapter's id; default `builtin` (a provider simulator gives its provider's id). */
  id?: string;
  /** Clock, for tests. */
  now?: () => Date;
}

interface LedgerEntry {
  serial: string;
  issuedAt: string;
  notAfter: string;
  revokedAt?: string;
  reason?: TokenRevocationReason;
  /** The enrolment request that asked for it (ca-adapter.ts), when it was named. */
  requestId?: string;
}

const crlReasons: Record<TokenRevocationReason, x509.X509CrlReason> = {
  lost: x509.X509CrlReason.keyCompromise,
  'key-compromise': x509.X509CrlReason.keyCompromise,
  'holder-request': x509.X509CrlReason.cessationOfOperation,
  superseded: x509.X509CrlReason.superseded,
  'data-error': x509.X509CrlReason.affiliationChanged,
};

const exists = (path: string) =>
  readFile(path).then(
    () => true,
    () => false,
  );

async function writeAtomic(path: string, text: string, mode = 0o644): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, path);
}

/** A positive 16-byte serial (top bit clear, never a leading zero byte) not in `used`. */
function freshSerial(used: Set<string>): string {
  for (;;) {
    const bytes = randomBytes(16);
    bytes[0] = (bytes[0]! & 0x7f) | 0x01;
    const serial = bytes.toString('hex');
    if (!used.has(serial)) return serial;
  }
}

const normalSerial = (serial: string) => serial.toLowerCase().replace(/^(00)+/, '');

export async function openBuiltinCa(options: BuiltinCaOptions): Promise<CaAdapter> {
  const { dir } = options;
  const now = options.now ?? (() => new Date());
  await mkdir(join(dir, 'tokens'), { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  if (!(await exists(conf)))
    await writeFile(
      conf,
      `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`,
    );
  const client = createPkcs11Client({
    modulePath: options.modulePath ?? '/usr/lib/softhsm/libsofthsm2.so',
    env: { ...process.env, SOFTHSM2_CONF: conf },
  });
  const token = { labelOrSerial: BUILTIN_CA_LABEL };
  const ledgerPath = join(dir, 'ledger.json');
  const caPemPath = join(dir, 'ca.pem');
  try {
    const secretsPath = join(dir, 'secrets.json');
    if (!(await exists(secretsPath))) {
      // First start: take the free slot, make it the CA's token, generate the key on it.
      const secrets = { soPin: randomBytes(12).toString('hex'), pin: randomBytes(12).toString('hex') };
      const free = (await client.call('listTokens', {})).find((t) => !t.flags.initialized);
      if (!free) throw new DangkyError('DK_ERR_TOKEN_NOT_FOUND', { message: 'No free SoftHSM slot for the built-in CA' });
      await client.call('initToken', { token: { slotId: free.slotId }, soPin: secrets.soPin, label: BUILTIN_CA_LABEL });
      await client.call('initPin', { token, soPin: secrets.soPin, userPin: secrets.pin });
      await writeAtomic(secretsPath, JSON.stringify(secrets), 0o600);
      await chmod(secretsPath, 0o600);
    }
    const { pin } = JSON.parse(await readFile(secretsPath, 'utf8')) as { pin: string };
    let signer: TokenSigner;
    let caCert: x509.X509Certificate;
    if (!(await exists(caPemPath))) {
      const { spki } = await client.call('generateKeyPair', { token, pin, keyType: 'p256', id: CA_KEY_ID, label: BUILTIN_CA_LABEL });
      signer = await tokenSigner({ client, token, pin, id: CA_KEY_ID, keyType: 'p256' }, spki);
      const issuedAt = now();
      caCert = await x509.X509CertificateGenerator.createSelfSigned(
        {
          serialNumber: freshSerial(new Set()),
          name: new x509.Name([
            { '2.5.4.6': [{ printableString: 'VN' }] },
            { '2.5.4.10': [{ utf8String: options.organization ?? 'Dangky' }] },
            { '2.5.4.3': [{ utf8String: options.commonName ?? 'Dangky Built-in CA (demo)' }] },
          ]),
          notBefore: issuedAt,
          notAfter: new Date(issuedAt.getTime() + 10 * 365 * DAY_MS),
          keys: signer.keys,
          signingAlgorithm: signer.signingAlgorithm,
          extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(signer.keys.publicKey, false, signer.crypto),
          ],
        },
        signer.crypto,
      );
      await client.call('writeCertificate', {
        token,
        pin,
        id: CA_KEY_ID,
        label: BUILTIN_CA_LABEL,
        der: new Uint8Array(caCert.rawData),
        subject: new Uint8Array(caCert.subjectName.toArrayBuffer()),
      });
      await writeAtomic(
        ledgerPath,
        JSON.stringify(
          {
            entries: [
              { serial: normalSerial(caCert.serialNumber), issuedAt: issuedAt.toISOString(), notAfter: caCert.notAfter.toISOString() },
            ],
          },
          null,
          1,
        ),
      );
      await writeAtomic(caPemPath, caCert.toString('pem'));
    } else {
      caCert = new x509.X509Certificate(await readFile(caPemPath, 'utf8'));
      signer = await tokenSigner({ client, token, pin, id: CA_KEY_ID, keyType: 'p256' }, new Uint8Array(caCert.publicKey.rawData));
    }
    return builtinCa({ id: options.id ?? 'builtin', client, signer, caCert, ledgerPath, now });
  } catch (error) {
    await client.close();
    throw error;
  }
}

function builtinCa(state: {
  id: string;
  client: Pkcs11Client;
  signer: TokenSigner;
  caCert: x509.X509Certificate;
  ledgerPath: string;
  now: () => Date;
}): CaAdapter {
  const { id, client, signer, caCert, ledgerPath, now } = state;
  const readLedger = async (): Promise<LedgerEntry[]> =>
    (JSON.parse(await readFile(ledgerPath, 'utf8')) as { entries: LedgerEntry[] }).entries;
  const writeLedger = (entries: LedgerEntry[]) => writeAtomic(ledgerPath, JSON.stringify({ entries }, null, 1));
  // One change to the ledger at a time: a serial is reserved and written before it is used.
  let chain: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const result = chain.then(work);
    chain = result.catch(() => undefined);
    return result;
  };

  return {
    id,
    caCertificatePem: async () => caCert.toString('pem'),

    submitCsr: (csrPem, request) =>
      serialised(async (): Promise<IssuedCertificate> => {
        let csr: x509.Pkcs10CertificateRequest;
        try {
          csr = new x509.Pkcs10CertificateRequest(csrPem);
        } catch (cause) {
          throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { cause, message: 'Not a PKCS#10 request' });
        }
        if (!(await csr.verify())) throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { message: 'The request signature does not verify' });
        parseCitizenName(csr.subjectName);
        const entries = await readLedger();
        // The ledger keeps no certificate, so a request id seen before cannot be answered again: refused, never issued twice.
        if (request && entries.some((e) => e.requestId === request.requestId))
          throw new DangkyError('DK_ERR_CA_REQUEST_INVALID', { message: 'This request id was already used' });
        const serial = freshSerial(new Set(entries.map((e) => e.serial)));
        const notBefore = now();
        const notAfter = new Date(notBefore.getTime() + 365 * DAY_MS);
        entries.push({
          serial,
          issuedAt: notBefore.toISOString(),
          notAfter: notAfter.toISOString(),
          ...(request ? { requestId: request.requestId } : {}),
        });
        await writeLedger(entries);
        const cert = await x509.X509CertificateGenerator.create(
          {
            serialNumber: serial,
            subject: csr.subjectName,
            issuer: caCert.subjectName,
            notBefore,
            notAfter,
            publicKey: csr.publicKey,
            signingKey: signer.keys.privateKey,
            signingAlgorithm: signer.signingAlgorithm,
            extensions: [
              new x509.BasicConstraintsExtension(false, undefined, true),
              new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
              await x509.SubjectKeyIdentifierExtension.create(csr.publicKey, false, signer.crypto),
              await x509.AuthorityKeyIdentifierExtension.create(caCert, false, signer.crypto),
            ],
          },
          signer.crypto,
        );
        return {
          certificatePem: cert.toString('pem'),
          serial: normalSerial(cert.serialNumber),
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
        };
      }),

    certificateFor: async (requestId) => {
      const entry = (await readLedger()).find((e) => e.requestId === requestId);
      return entry ? { serial: entry.serial } : null;
    },

    revoke: (serial, reason) =>
      serialised(async () => {
        const entries = await readLedger();
        const entry = entries.find((e) => e.serial === normalSerial(serial));
        if (!entry || entry.serial === normalSerial(caCert.serialNumber))
          throw new DangkyError('DK_ERR_CA_SERIAL_UNKNOWN', { detail: { serial } });
        if (entry.revokedAt) throw new DangkyError('DK_ERR_CA_ALREADY_REVOKED', { detail: { serial } });
        Object.assign(entry, { revokedAt: now().toISOString(), reason });
        await writeLedger(entries);
      }),

    status: async (serial): Promise<CertificateStatus> => {
      const entry = (await readLedger()).find((e) => e.serial === normalSerial(serial));
      if (!entry) return { status: 'unknown' };
      return entry.revokedAt && entry.reason
        ? { status: 'revoked', revokedAt: new Date(entry.revokedAt), reason: entry.reason }
        : { status: 'good' };
    },

    crl: async () => {
      const revoked = (await readLedger()).filter((e) => e.revokedAt && e.reason);
      const thisUpdate = now();
      const crl = await x509.X509CrlGenerator.create(
        {
          issuer: caCert.subjectName,
          thisUpdate,
          nextUpdate: new Date(thisUpdate.getTime() + DAY_MS),
          entries: revoked.map((e) => ({ serialNumber: e.serial, revocationDate: new Date(e.revokedAt!), reason: crlReasons[e.reason!] })),
          signingKey: signer.keys.privateKey,
          signingAlgorithm: signer.signingAlgorithm,
          extensions: [await x509.AuthorityKeyIdentifierExtension.create(caCert, false, signer.crypto)],
        },
        signer.crypto,
      );
      // OpenSSL and most verifiers read only the RFC 7468 label "X509 CRL" (x509 writes "CRL").
      return x509.PemConverter.encode(crl.rawData, 'X509 CRL');
    },

    close: () => client.close(),
  };
}
