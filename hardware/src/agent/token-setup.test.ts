import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSlot } from '@dangky/core/agent';
import { DangkyError } from '@dangky/core/errors';
import * as x509 from '../ca/x509.ts';
import { createPkcs11Client } from '../token/pkcs11-client.ts';
import { SOFTHSM_MODULE } from '@dangky/pkcs11/softhsm';
import { openTokenSlot, type TokenSlotSetup } from './token-setup.ts';

/**
 * The agent's token slot as token-setup wires it, on real SoftHSM2 stores: the counter's
 * issuance enrols with the CA of the registration's provider (a simulated VNPT here, whose
 * certificates verify against "VNPT-CA SIM"), a CA taken down through the fault file ends the
 * issuance wiped at `certify`, an unknown provider is refused before the token is touched;
 * and the modules come from the token configuration — SoftHSM2 and OpenSC loaded side by
 * side, an absent vendor module reported, the SO PIN read per model from the secret store,
 * and a token no entry knows refused with DK_ERR_TOKEN_MODEL_UNKNOWN.
 */

const CITIZEN_PIN = '538214';
const person = { fullName: 'Phạm Văn Đồng', idNumber: '036099001122', province: 'Quảng Ngãi' };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-token-setup-'));
  writeFileSync(join(dir, 'so.pin'), 'so-pin-for-setup-1\n', { mode: 0o600 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const blankOf = async (slot: TokenSlotSetup): Promise<TokenSlot> => {
  const blank = (await slot.device.list()).find((s) => !s.userPinInitialized);
  if (!blank) throw new Error('no blank token');
  return blank;
};
const issueParams = (blank: TokenSlot, providerId?: string) => ({
  slotId: blank.slotId,
  tokenSerial: blank.serial,
  ...person,
  keyType: 'rsa2048' as const,
  userPin: CITIZEN_PIN,
  ...(providerId ? { providerId } : {}),
});

describe('CA adapter by provider', () => {
  let slot: TokenSlotSetup;
  const faultFile = () => join(dir, 'ca-faults.json');

  beforeAll(async () => {
    slot = await openTokenSlot({
      stationId: 'counter-p',
      soPinFile: join(dir, 'so.pin'),
      ca: 'builtin',
      caDir: join(dir, 'ca'),
      simulateDir: join(dir, 'tokens'),
      caFaultFile: faultFile(),
      caLatency: 'none',
      // Short enough that "CA down" ends quickly, long enough that a signing round trip on a
      // loaded machine is not taken for a CA that does not answer.
      caRetry: { budgetMs: 3_000, attemptTimeoutMs: 1_500, baseDelayMs: 20, maxDelayMs: 100 },
    });
    // Both CAs the tests ask are made (keys, certificates) before any clock starts: made on first
    // use, Viettel's took longer than the 3 s retry budget on a loaded machine and read as "CA down".
    await slot.cas.prepare(['vnpt', 'viettel']);
  }, 60_000);
  afterAll(async () => slot?.close());

  it('an unknown provider, or a key type the provider does not certify, is refused before the token is touched', async () => {
    const blank = await blankOf(slot);
    expect(await slot.device.issue(issueParams(blank, 'acme-ca'))).toEqual({
      issued: false,
      code: 'DK_ERR_CA_PROVIDER_UNKNOWN',
      step: null,
      wiped: null,
      certificateRevoked: null,
    });
    // VNPT's CA certifies RSA-2048 only: a P-256 request is refused here, not after key generation.
    expect(await slot.device.issue({ ...issueParams(blank, 'vnpt'), keyType: 'p256' })).toEqual({
      issued: false,
      code: 'DK_ERR_CA_REQUEST_INVALID',
      step: null,
      wiped: null,
      certificateRevoked: null,
    });
    expect(await blankOf(slot)).toEqual(blank);
  });

  it('"CA down" from the fault file: the issuance stops at certify, and the token is wiped and blank again', async () => {
    writeFileSync(faultFile(), JSON.stringify({ vnpt: 'unreachable' }));
    const down = await slot.device.issue(issueParams(await blankOf(slot), 'vnpt'));
    expect(down).toEqual({ issued: false, code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify', wiped: true, certificateRevoked: null });
    expect(await blankOf(slot)).toMatchObject({ userPinInitialized: false });
  }, 60_000);

  it('issues with the VNPT simulator through a 5xx retried: the certificate verifies against "VNPT-CA SIM" only; revocation goes to the same CA', async () => {
    writeFileSync(faultFile(), JSON.stringify({ vnpt: { mode: 'server-error', failures: 1 } }));
    const result = await slot.device.issue(issueParams(await blankOf(slot), 'vnpt'));
    if (!result.issued || !result.certificatePem) throw new Error(`not issued: ${result.issued ? 'no certificate' : result.code}`);
    expect(new x509.X509Certificate(result.certificatePem).issuer).toContain('CN=VNPT-CA SIM');
    writeFileSync(join(dir, 'cert.pem'), result.certificatePem);
    writeFileSync(join(dir, 'vnpt.pem'), await slot.cas.caFor('vnpt').caCertificatePem());
    writeFileSync(join(dir, 'builtin.pem'), await slot.ca.caCertificatePem());
    expect(execFileSync('openssl', ['verify', '-CAfile', join(dir, 'vnpt.pem'), join(dir, 'cert.pem')], { encoding: 'utf8' })).toMatch(
      /: OK/,
    );
    expect(() =>
      execFileSync('openssl', ['verify', '-CAfile', join(dir, 'builtin.pem'), join(dir, 'cert.pem')], { stdio: 'pipe' }),
    ).toThrow();

    const elsewhere = slot.device.revoke({
      tokenSerial: result.tokenSerial,
      certificateSerial: result.certificateSerial,
      reason: 'lost',
      providerId: 'viettel',
    });
    await expect(elsewhere).rejects.toMatchObject({ code: 'DK_ERR_CA_SERIAL_UNKNOWN' });
    const revoked = await slot.device.revoke({
      tokenSerial: result.tokenSerial,
      certificateSerial: result.certificateSerial,
      reason: 'lost',
      providerId: 'vnpt',
    });
    expect(revoked).toMatchObject({ revoked: true, inCrl: true });
    writeFileSync(faultFile(), '{}');
  }, 60_000);
});

describe('token modules from the configuration', () => {
  const softhsmStore = () => {
    const store = join(dir, 'hsm');
    mkdirSync(join(store, 'tokens'), { recursive: true });
    writeFileSync(
      join(store, 'softhsm2.conf'),
      `directories.tokendir = ${join(store, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
    );
    return join(store, 'softhsm2.conf');
  };
  const config = (softhsmManufacturer: string) => {
    const file = join(dir, `tokens-${softhsmManufacturer.replace(/\W/g, '')}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        tokens: [
          {
            id: 'softhsm2',
            vendor: 'SoftHSM',
            model: 'SoftHSM v2',
            module: ['/nonexistent/libsofthsm2.so', SOFTHSM_MODULE],
            match: { manufacturerId: [softhsmManufacturer] },
            soPinSecret: 'so-pin.softhsm2',
            keygenDeadlineMs: 90_000,
          },
          {
            id: 'feitian-epass2003',
            vendor: 'Feitian',
            model: 'ePass2003',
            module: ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'],
            match: { manufacturerId: ['EnterSafe'] },
            soPinSecret: 'so-pin.feitian',
          },
          {
            id: 'safenet-etoken',
            vendor: 'SafeNet',
            model: 'eToken',
            module: ['/nonexistent/libeTPkcs11.so'],
            match: { manufacturerId: ['SafeNet, Inc.'] },
            soPinSecret: 'so-pin.safenet',
          },
        ],
      }),
    );
    return file;
  };
  let previousConf: string | undefined;

  beforeAll(async () => {
    previousConf = process.env.SOFTHSM2_CONF;
    process.env.SOFTHSM2_CONF = softhsmStore();
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'so-pin.softhsm2'), 'site-softhsm-so-pin\n', { mode: 0o600 });
    // A blank token from the stock: initialised with the site's SO PIN for this model, no citizen PIN.
    const client = createPkcs11Client({ modulePath: SOFTHSM_MODULE });
    const spare = (await client.call('listTokens', {})).find((t) => !t.flags.initialized)!;
    await client.call('initToken', { token: { slotId: spare.slotId }, soPin: 'site-softhsm-so-pin', label: 'STOCK-1' });
    await client.close();
  });
  afterAll(() => {
    if (previousConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = previousConf;
  });

  it('loads every installed module (SoftHSM2 and OpenSC), reports the absent one, and issues with the SO PIN of the token model', async () => {
    const slot = await openTokenSlot({
      stationId: 'counter-m',
      configPath: config('SoftHSM project'),
      secretsDir: join(dir, 'secrets'),
      ca: 'builtin',
      caDir: join(dir, 'ca-m'),
    });
    try {
      expect(slot.modules.map((m) => [m.id, m.path])).toEqual([
        ['softhsm2', SOFTHSM_MODULE],
        ['feitian-epass2003', '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'],
      ]);
      expect(slot.notInstalled).toEqual([{ id: 'safenet-etoken', candidates: ['/nonexistent/libeTPkcs11.so'] }]);
      const blank = (await slot.device.list()).find((s) => s.label === 'STOCK-1')!;
      expect(blank.slotId).toMatch(/^00/);
      const result = await slot.device.issue(issueParams(blank));
      expect(result).toMatchObject({ issued: true });
    } finally {
      await slot.close();
    }
  }, 60_000);

  it('a token no entry matches is listed but not issued: DK_ERR_TOKEN_MODEL_UNKNOWN', async () => {
    const client = createPkcs11Client({ modulePath: SOFTHSM_MODULE });
    const spare = (await client.call('listTokens', {})).find((t) => !t.flags.initialized)!;
    await client.call('initToken', { token: { slotId: spare.slotId }, soPin: 'site-softhsm-so-pin', label: 'STOCK-2' });
    await client.close();
    const slot = await openTokenSlot({
      stationId: 'counter-u',
      configPath: config('SafeNet, Inc.'),
      secretsDir: join(dir, 'secrets'),
      ca: 'builtin',
      caDir: join(dir, 'ca-u'),
    });
    try {
      const blank = (await slot.device.list()).find((s) => s.label === 'STOCK-2')!;
      expect(blank).toBeDefined();
      const refused = await slot.device.issue(issueParams(blank)).then(
        () => 'issued',
        (e: unknown) => (e instanceof DangkyError ? e.code : String(e)),
      );
      expect(refused).toBe('DK_ERR_TOKEN_MODEL_UNKNOWN');
      expect((await slot.device.list()).find((s) => s.label === 'STOCK-2')).toMatchObject({ userPinInitialized: false });
    } finally {
      await slot.close();
    }
  }, 60_000);
});
