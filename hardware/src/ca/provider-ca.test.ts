import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { faultSource, type CaFaultFileContent } from './ca-faults.ts';
import { openCaRegistry, type CaRegistry } from './ca-registry.ts';
import type { AttemptReport } from './provider-ca.ts';
import { citizenName } from './subject.ts';
import * as x509 from './x509.ts';

/**
 * The simulated provider CAs (VNPT, Viettel, …) behind the CaAdapter interface, each backed by
 * a real CA on its own SoftHSM2 token: certificates verify with OpenSSL against the provider's
 * CA and not another's, and every failure mode (from a fault file re-read per request) ends in
 * the right DK_ERR_CA_* code within the retry budget, or succeeds on retry where it should.
 */

const BUDGET_MS = 1_500;
/**
 * How far past its budget a give-up may land: the retry loop stops itself, but on a loaded
 * machine the event loop wakes late. Without the budget these cases retry for ever, so the
 * bound still proves it.
 */
const OVERRUN_MS = 1_000;
let dir: string;
let faultFile: string;
let registry: CaRegistry;
const attempts: AttemptReport[] = [];
const subject = { fullName: 'Trần Thị Thu Hà', idNumber: '001190004567', province: 'Hà Nội' };

const setFaults = (faults: CaFaultFileContent) => writeFileSync(faultFile, JSON.stringify(faults));
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (e: unknown) => (e instanceof DangkyError ? e.code : String(e)),
  );
const detailOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => (e instanceof DangkyError ? (e.detail as Record<string, unknown>) : undefined),
  );

async function csr(keyType: 'rsa2048' | 'p256', name = citizenName(subject)): Promise<string> {
  const algorithm =
    keyType === 'rsa2048'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const request = await x509.Pkcs10CertificateRequestGenerator.create(
    { name, keys, signingAlgorithm: keyType === 'rsa2048' ? algorithm : { name: 'ECDSA', hash: 'SHA-256' } },
    webcrypto,
  );
  return request.toString('pem');
}

const openssl = (args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: 'pipe' });
const opensslFails = (args: string[]) => {
  try {
    openssl(args);
    return false;
  } catch {
    return true;
  }
};
const ledgerSize = (id: string) =>
  (JSON.parse(readFileSync(join(dir, 'providers', id, 'ledger.json'), 'utf8')) as { entries: unknown[] }).entries.length;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-provider-ca-'));
  faultFile = join(dir, 'ca-faults.json');
  registry = await openCaRegistry({
    caDir: dir,
    latency: 'none',
    faults: faultSource({ file: faultFile }),
    retry: { budgetMs: BUDGET_MS, attemptTimeoutMs: 300, baseDelayMs: 20, maxDelayMs: 100 },
    onAttempt: (a) => attempts.push(a),
  });
  // A provider's CA makes its key on its first start: not inside a 300 ms attempt.
  await registry.prepare();
}, 60_000);
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  setFaults({});
  attempts.length = 0;
});

describe('simulated provider CAs', () => {
  it('a VNPT certificate verifies with openssl against "VNPT-CA SIM" and not against the built-in CA', async () => {
    const vnpt = registry.caFor('vnpt');
    const issued = await vnpt.submitCsr(await csr('rsa2048'));
    const cert = new x509.X509Certificate(issued.certificatePem);
    expect(cert.issuer).toContain('CN=VNPT-CA SIM');
    expect(cert.subject).toContain('CN=Trần Thị Thu Hà');
    writeFileSync(join(dir, 'vnpt-cert.pem'), issued.certificatePem);
    writeFileSync(join(dir, 'vnpt-ca.pem'), await vnpt.caCertificatePem());
    writeFileSync(join(dir, 'builtin-ca.pem'), await registry.builtin.caCertificatePem());
    expect(openssl(['verify', '-CAfile', join(dir, 'vnpt-ca.pem'), join(dir, 'vnpt-cert.pem')])).toMatch(/: OK/);
    expect(opensslFails(['verify', '-CAfile', join(dir, 'builtin-ca.pem'), join(dir, 'vnpt-cert.pem')])).toBe(true);
    expect(await vnpt.status(issued.serial)).toEqual({ status: 'good' });
  });

  it('certifies only the key types of the provider profile (VNPT RSA-2048; FPT P-256 too)', async () => {
    const refused = registry.caFor('vnpt').submitCsr(await csr('p256'));
    expect(await detailOf(refused)).toMatchObject({ provider: 'vnpt', reason: 'key-type' });
    expect(await codeOf(registry.caFor('vnpt').submitCsr(await csr('p256')))).toBe('DK_ERR_CA_REQUEST_INVALID');
    const fpt = await registry.caFor('fpt').submitCsr(await csr('p256'));
    expect(new x509.X509Certificate(fpt.certificatePem).issuer).toContain('CN=FPT-CA SIM');
  });

  it('unreachable: retried, then DK_ERR_CA_UNAVAILABLE within the budget; the fault file is re-read, so the next request succeeds', async () => {
    setFaults({ vnpt: 'unreachable' });
    const request = await csr('rsa2048');
    const started = performance.now();
    const failed = registry.caFor('vnpt').submitCsr(request);
    const detail = await detailOf(failed);
    expect(await codeOf(failed)).toBe('DK_ERR_CA_UNAVAILABLE');
    expect(performance.now() - started).toBeLessThan(BUDGET_MS + OVERRUN_MS);
    expect(attempts.filter((a) => a.failure === 'unreachable').length).toBeGreaterThan(2);
    // The detail names the last attempt's failure: a refused connection, unless a machine too busy
    // to run the attempt before its 300 ms deadline made that one a timeout.
    expect(detail).toMatchObject({ provider: 'vnpt', op: 'submit', attempts: attempts.length, reason: attempts.at(-1)!.failure });
    expect(['unreachable', 'timeout']).toContain(detail!.reason);
    setFaults({});
    await expect(registry.caFor('vnpt').submitCsr(request)).resolves.toMatchObject({ serial: expect.stringMatching(/^[0-9a-f]+$/) });
  });

  it('timeout: the attempt is cut at its deadline; a lost answer retried gets the same certificate, never a second one', async () => {
    setFaults({ viettel: { mode: 'timeout', failures: 1 } });
    const before = ledgerSize('viettel');
    const issued = await registry.caFor('viettel').submitCsr(await csr('rsa2048'));
    expect(attempts.map((a) => a.failure)).toEqual(['timeout', null]);
    expect(attempts[0]!.ms).toBeGreaterThanOrEqual(290);
    expect(ledgerSize('viettel')).toBe(before + 1);
    expect(await registry.caFor('viettel').status(issued.serial)).toEqual({ status: 'good' });

    setFaults({ viettel: 'timeout' });
    // The request is made first: an RSA key generated on a busy machine is not the CA's time.
    const request = await csr('rsa2048');
    const started = performance.now();
    const down = registry.caFor('viettel').submitCsr(request);
    expect(await detailOf(down)).toMatchObject({ reason: 'timeout' });
    expect(performance.now() - started).toBeLessThan(BUDGET_MS + OVERRUN_MS);
  });

  it('HTTP 5xx: the first two attempts fail, the third answers', async () => {
    setFaults({ misa: 'server-error' });
    await registry.caFor('misa').submitCsr(await csr('p256'));
    expect(attempts.map((a) => a.failure)).toEqual(['server-error', 'server-error', null]);
  });

  it('a rejected subject is final: DK_ERR_CA_REQUEST_INVALID after one attempt', async () => {
    setFaults({ bkav: 'reject-subject' });
    const rejected = registry.caFor('bkav').submitCsr(await csr('rsa2048'));
    expect(await codeOf(rejected)).toBe('DK_ERR_CA_REQUEST_INVALID');
    expect(attempts).toHaveLength(1);
    // And a subject outside BRIEF §3 is refused by the CA itself, with no fault set.
    setFaults({});
    const noUid = new x509.Name([{ '2.5.4.6': [{ printableString: 'VN' }] }, { '2.5.4.3': [{ utf8String: 'Không Có Số' }] }]);
    expect(await codeOf(registry.caFor('bkav').submitCsr(await csr('rsa2048', noUid)))).toBe('DK_ERR_CA_REQUEST_INVALID');
  });

  it('rate limited: waits Retry-After and succeeds; a Retry-After past the budget gives up at once', async () => {
    setFaults({ fpt: { mode: 'rate-limited', failures: 1, retryAfterMs: 200 } });
    await registry.caFor('fpt').submitCsr(await csr('p256'));
    expect(attempts.map((a) => a.failure)).toEqual(['rate-limited', null]);

    attempts.length = 0;
    setFaults({ fpt: { mode: 'rate-limited', retryAfterMs: 60_000 } });
    const request = await csr('p256');
    const started = performance.now();
    const limited = registry.caFor('fpt').submitCsr(request);
    expect(await detailOf(limited)).toMatchObject({ reason: 'rate-limited', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('revocation: an unknown serial is DK_ERR_CA_SERIAL_UNKNOWN; a real one shows in the CRL, which openssl verifies; twice is DK_ERR_CA_ALREADY_REVOKED', async () => {
    const vnpt = registry.caFor('vnpt');
    const fromViettel = await registry.caFor('viettel').submitCsr(await csr('rsa2048'));
    expect(await codeOf(vnpt.revoke(fromViettel.serial, 'lost'))).toBe('DK_ERR_CA_SERIAL_UNKNOWN');
    const issued = await vnpt.submitCsr(await csr('rsa2048'));
    setFaults({ vnpt: 'revoke-unknown' });
    expect(await codeOf(vnpt.revoke(issued.serial, 'lost'))).toBe('DK_ERR_CA_SERIAL_UNKNOWN');
    setFaults({});
    await vnpt.revoke(issued.serial, 'lost');
    expect(await vnpt.status(issued.serial)).toMatchObject({ status: 'revoked', reason: 'lost' });
    writeFileSync(join(dir, 'vnpt.crl'), await vnpt.crl());
    writeFileSync(join(dir, 'vnpt-ca.pem'), await vnpt.caCertificatePem());
    const text = openssl(['crl', '-in', join(dir, 'vnpt.crl'), '-CAfile', join(dir, 'vnpt-ca.pem'), '-noout', '-text']);
    expect(text.toLowerCase().replaceAll(':', '')).toContain(issued.serial);
    expect(await codeOf(vnpt.revoke(issued.serial, 'lost'))).toBe('DK_ERR_CA_ALREADY_REVOKED');
  });

  it('the built-in CA plays the fault file too ("*"), and an unknown provider has its own code', async () => {
    setFaults({ '*': 'unreachable' });
    expect(await codeOf(registry.builtin.submitCsr(await csr('p256')))).toBe('DK_ERR_CA_UNAVAILABLE');
    setFaults({ '*': 'unreachable', builtin: null });
    expect(await codeOf(registry.builtin.submitCsr(await csr('p256')))).toBe('resolved');
    expect(() => registry.caFor('acme')).toThrow(expect.objectContaining({ code: 'DK_ERR_CA_PROVIDER_UNKNOWN' }) as Error);
  });
});
