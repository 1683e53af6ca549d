import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { openBuiltinCa } from '../ca/builtin-ca.ts';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import { createPkcs11Client, type Pkcs11Client } from './pkcs11-client.ts';
import { tokenIssueSteps } from '@dangky/core/agent';
import { issueToken, type IssueProgress } from './issue.ts';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';

/**
 * Issuance against a real PKCS#11 module (SoftHSM2), checked from outside with OpenSC's
 * pkcs11-tool and OpenSSL. Each test has its own token store; the built-in CA has its own.
 */

const SO_PIN = '87654321';
const FIRST_PIN = '111222';
const CITIZEN_PIN = '482915';
const subject = { fullName: 'Nguyễn Thị Minh Khai', idNumber: '079099012345', province: 'Thành phố Hồ Chí Minh' };

let caStore: SoftHsmStore;
let ca: CaAdapter;
let store: SoftHsmStore;
let client: Pkcs11Client;

beforeAll(async () => {
  caStore = softHsmStore();
  ca = await openBuiltinCa({ dir: caStore.dir });
});
afterAll(async () => {
  await ca.close();
  caStore.dispose();
});

function freshToken(label = 'blank-token'): void {
  store = softHsmStore();
  store.initToken({ label, soPin: SO_PIN, pin: FIRST_PIN });
  client = createPkcs11Client({ modulePath: SOFTHSM_MODULE, env: store.env });
}
afterEach(async () => {
  await client?.close();
  store?.dispose();
});

const run = (command: string, args: string[]) => execFileSync(command, args, { env: store.env, encoding: 'utf8', stdio: 'pipe' });

describe.each(['rsa2048', 'p256'] as const)('issuance with %s on SoftHSM2', (keyType) => {
  it('issues, and an outside client sees one key pair and the certificate under one ID; openssl accepts the chain', async () => {
    freshToken();
    const progress: IssueProgress[] = [];
    const issued = await issueToken({
      client,
      ca,
      token: { labelOrSerial: 'blank-token' },
      subject,
      userPin: CITIZEN_PIN,
      soPin: SO_PIN,
      keyType,
      onProgress: (p) => progress.push(p),
    });

    expect(issued.verification.verified).toBe(true);
    expect(progress.filter((p) => p.state === 'done').map((p) => p.step)).toEqual([...tokenIssueSteps]);
    expect(issued.notAfter.getTime() - issued.notBefore.getTime()).toBe(365 * 86_400_000);

    const objects = run('pkcs11-tool', [
      '--module',
      SOFTHSM_MODULE,
      '--token-label',
      'Chu ky so',
      '--list-objects',
      '--login',
      '--pin',
      CITIZEN_PIN,
    ]);
    const blocks = objects.split(/\n(?=\S)/).filter((b) => /Object;/.test(b));
    const ids = blocks.map((b) => /ID:\s+([0-9a-f]+)/.exec(b)?.[1]);
    expect(blocks.map((b) => /^(\w+ \w+) Object/.exec(b)?.[1] ?? b.split(' ')[0]).sort()).toEqual([
      'Certificate',
      'Private Key',
      'Public Key',
    ]);
    expect(new Set(ids)).toEqual(new Set([issued.keyId]));
    const privateBlock = blocks.find((b) => b.startsWith('Private Key'))!;
    expect(privateBlock).toMatch(/Access:.*\bsensitive\b/);
    expect(privateBlock).toMatch(/never extractable/);
    expect(privateBlock).not.toMatch(/Access:[^\n]*(?<!never )extractable/);

    const certPath = join(store.dir, 'cert.pem');
    const caPath = join(store.dir, 'ca.pem');
    writeFileSync(certPath, issued.certificatePem);
    writeFileSync(caPath, await ca.caCertificatePem());
    expect(run('openssl', ['verify', '-CAfile', caPath, certPath]).trim()).toBe(`${certPath}: OK`);
    const text = run('openssl', ['x509', '-in', certPath, '-noout', '-text', '-nameopt', 'RFC2253,-esc_msb']);
    expect(text).toContain('UID=CCCD:079099012345,CN=Nguyễn Thị Minh Khai,ST=Thành phố Hồ Chí Minh,C=VN');
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
  });
});

describe('failures end in a safe state', () => {
  it('refuses a weak PIN before touching the token', async () => {
    freshToken();
    await expect(
      issueToken({ client, ca, token: { labelOrSerial: 'blank-token' }, subject, userPin: '123456', soPin: SO_PIN, keyType: 'p256' }),
    ).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_PIN_SEQUENCE' });
    expect((await client.call('listTokens', {}))[0]).toMatchObject({ label: 'blank-token' });
  });

  it('CA down: the token is wiped (no PIN, no objects), nothing is reported issued', async () => {
    freshToken();
    const down: CaAdapter = { ...ca, submitCsr: async () => Promise.reject(new DangkyError('DK_ERR_CA_UNAVAILABLE')) };
    const error = await issueToken({
      client,
      ca: down,
      token: { labelOrSerial: 'blank-token' },
      subject,
      userPin: CITIZEN_PIN,
      soPin: SO_PIN,
      keyType: 'p256',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DK_ERR_CA_UNAVAILABLE', detail: { step: 'certify', wiped: true, certificateRevoked: null } });
    const [token] = await client.call('listTokens', {});
    expect(token!.flags.userPinInitialized).toBe(false);
    expect(await client.call('listObjects', { token: { slotId: token!.slotId } })).toEqual([]);
  });

  it('given up by its requester (agent deadline) mid-way: stops at the next step, revokes the certificate and wipes the token', async () => {
    freshToken();
    const controller = new AbortController();
    const error = await issueToken({
      client,
      ca,
      token: { labelOrSerial: 'blank-token' },
      subject,
      userPin: CITIZEN_PIN,
      soPin: SO_PIN,
      keyType: 'p256',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 'certify' && p.state === 'done') controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DK_ERR_TOKEN_ISSUE_ABORTED', detail: { step: 'certify', wiped: true, certificateRevoked: true } });
    const [token] = await client.call('listTokens', {});
    expect(token!.flags.userPinInitialized).toBe(false);
    expect(execFileSync('openssl', ['crl', '-noout', '-text'], { input: await ca.crl(), encoding: 'utf8' })).toMatch(
      /Revoked Certificates:/,
    );
  });

  it('token removed while writing the certificate: the certificate is revoked at the CA and the token wiped', async () => {
    freshToken();
    const removed: Pkcs11Client = {
      call: (op, params, o) =>
        (op === 'writeCertificate' ? Promise.reject(new DangkyError('DK_ERR_TOKEN_NOT_PRESENT')) : client.call(op, params, o)) as never,
      close: () => client.close(),
    };
    const error = (await issueToken({
      client: removed,
      ca,
      token: { labelOrSerial: 'blank-token' },
      subject,
      userPin: CITIZEN_PIN,
      soPin: SO_PIN,
      keyType: 'p256',
    }).catch((e: unknown) => e)) as DangkyError;
    expect(error).toMatchObject({
      code: 'DK_ERR_TOKEN_NOT_PRESENT',
      detail: { step: 'write-certificate', wiped: true, certificateRevoked: true },
    });
    const crl = execFileSync('openssl', ['crl', '-noout', '-text'], { input: await ca.crl(), encoding: 'utf8' });
    expect(crl).toMatch(/Revoked Certificates:/);
  });

  it('wrong SO PIN on a token from another site: refused with the mapped code, the token untouched', async () => {
    freshToken();
    const error = await issueToken({
      client,
      ca,
      token: { labelOrSerial: 'blank-token' },
      subject,
      userPin: CITIZEN_PIN,
      soPin: '00000000',
      keyType: 'p256',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DK_ERR_TOKEN_PIN_INCORRECT', detail: { step: 'initialise' } });
    await expect(client.call('login', { token: { labelOrSerial: 'blank-token' }, user: 'user', pin: FIRST_PIN })).resolves.toBeNull();
  });
});

describe('PINs, deadlines and the worker', () => {
  it('maps a wrong user PIN, and the SO PIN resets it (unblock)', async () => {
    freshToken('citizen');
    const token = { labelOrSerial: 'citizen' };
    await expect(client.call('login', { token, user: 'user', pin: '999999' })).rejects.toMatchObject({
      code: 'DK_ERR_TOKEN_PIN_INCORRECT',
      detail: { ckr: 'CKR_PIN_INCORRECT' },
    });
    await client.call('initPin', { token, soPin: SO_PIN, userPin: CITIZEN_PIN });
    await expect(client.call('login', { token, user: 'user', pin: CITIZEN_PIN })).resolves.toBeNull();
    await client.call('setPin', { token, user: 'user', oldPin: CITIZEN_PIN, newPin: '739164' });
    await expect(client.call('login', { token, user: 'user', pin: '739164' })).resolves.toBeNull();
  });

  it('kills a call that passes its deadline and starts a fresh worker for the next', async () => {
    freshToken('citizen');
    const token = { labelOrSerial: 'citizen' };
    await expect(
      client.call('generateKeyPair', { token, pin: FIRST_PIN, keyType: 'rsa2048', id: '01', label: 'slow' }, { deadlineMs: 1 }),
    ).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_TIMEOUT' });
    // The killed worker may have been half-way through a write of SoftHSM's token file (as a
    // token pulled mid-write would be): the next call must answer, whatever the token shows.
    expect((await client.call('listTokens', {})).length).toBeGreaterThanOrEqual(1);
  });

  it('reports a module that cannot be loaded', async () => {
    freshToken();
    const broken = createPkcs11Client({ modulePath: join(store.dir, 'no-such-module.so'), env: store.env });
    await expect(broken.call('listTokens', {})).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_MODULE_LOAD' });
    await broken.close();
  });

  it('a module crash ends the worker, not the caller', async () => {
    freshToken();
    // A module whose C_GetFunctionList is not PKCS#11 at all: libc. Loading it fails in the
    // worker; the caller gets a code and can go on.
    const crashing = createPkcs11Client({ modulePath: 'libc.so.6', env: store.env });
    const error = (await crashing.call('listTokens', {}).catch((e: unknown) => e)) as DangkyError;
    expect(['DK_ERR_TOKEN_MODULE_LOAD', 'DK_ERR_TOKEN_MODULE_CRASHED']).toContain(error.code);
    await crashing.close();
    await expect(client.call('listTokens', {})).resolves.toHaveLength(2);
  });
  it('a worker killed by a signal mid-call (as a segfaulting module would be) fails that call with a code; the next call gets a fresh worker', async () => {
    freshToken('citizen');
    const token = { labelOrSerial: 'citizen' };
    await client.call('listTokens', {});
    const pids = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'pkcs11-worker'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    const inFlight = client.call('generateKeyPair', { token, pin: FIRST_PIN, keyType: 'rsa2048', id: '02', label: 'k' });
    for (const pid of pids) process.kill(pid, 'SIGSEGV');
    await expect(inFlight).rejects.toMatchObject({ code: 'DK_ERR_TOKEN_MODULE_CRASHED' });
    await expect(client.call('listObjects', { token, pin: FIRST_PIN })).resolves.toBeInstanceOf(Array);
  });
});

describe('built-in CA', () => {
  it('lists a revocation in its CRL and refuses to revoke twice or an unknown serial', async () => {
    freshToken();
    const issued = await issueToken({
      client,
      ca,
      token: { labelOrSerial: 'blank-token' },
      subject,
      userPin: CITIZEN_PIN,
      soPin: SO_PIN,
      keyType: 'p256',
    });
    expect(await ca.status(issued.certificateSerial)).toEqual({ status: 'good' });
    await ca.revoke(issued.certificateSerial, 'lost');
    await expect(ca.revoke(issued.certificateSerial, 'lost')).rejects.toMatchObject({ code: 'DK_ERR_CA_ALREADY_REVOKED' });
    await expect(ca.revoke('0123', 'lost')).rejects.toMatchObject({ code: 'DK_ERR_CA_SERIAL_UNKNOWN' });
    expect(await ca.status(issued.certificateSerial)).toMatchObject({ status: 'revoked', reason: 'lost' });

    const crlPath = join(store.dir, 'ca.crl');
    writeFileSync(crlPath, await ca.crl());
    const text = run('openssl', ['crl', '-in', crlPath, '-noout', '-text']);
    expect(text).toContain(`Serial Number: ${issued.certificateSerial.toUpperCase()}`);
    expect(text).toContain('Key Compromise');
    const certPath = join(store.dir, 'cert.pem');
    const caPath = join(store.dir, 'ca.pem');
    writeFileSync(certPath, issued.certificatePem);
    writeFileSync(caPath, await ca.caCertificatePem());
    expect(() => run('openssl', ['verify', '-crl_check', '-CRLfile', crlPath, '-CAfile', caPath, certPath])).toThrow(/certificate revoked/);
  });

  it('refuses a request whose subject lacks UID=CCCD', async () => {
    const { webcrypto } = await import('node:crypto');
    const x509 = await import('../ca/x509.ts');
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: 'C=VN, CN=Nguyen Van An', keys, signingAlgorithm: alg });
    await expect(ca.submitCsr(csr.toString('pem'))).rejects.toMatchObject({ code: 'DK_ERR_CA_REQUEST_INVALID' });
    await expect(ca.submitCsr('not a request')).rejects.toMatchObject({ code: 'DK_ERR_CA_REQUEST_INVALID' });
  });
});
