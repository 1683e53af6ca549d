import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponse } from '@dangky/core/protocol';
import { Pkcs11Module } from '@dangky/pkcs11/module';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';
import { processServerKeys, type ServerKeys } from '../src/privacy/server-keys.ts';
import { createTokenKeys, DEFAULT_TOKEN_LABELS, openTokenKeys, type TokenKeyConfig } from '../src/privacy/token-keys.ts';
import { assertKekOfDatabase, keySourceFromEnv } from '../src/privacy/open-server-keys.ts';
import { main } from '../src/cli/main.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * The server's keys in a PKCS#11 token (SoftHSM2 here, an HSM in production): data keys are
 * wrapped and unwrapped and ID numbers hashed on the token, by keys that cannot be read out of it,
 * and the server works as it does with a key file — the counter reads a registration, the
 * one-free-certificate rule finds the citizen's holdings by the token's HMAC. Wrong settings
 * refuse the start with DK_ERR_SERVER_KEY_TOKEN and never show the PIN.
 */
const PIN = '864213';
const SO_PIN = '97531246';
const TOKEN = 'dangky-server';
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const CITIZEN = '079190031337';

let store: SoftHsmStore;
let config: TokenKeyConfig;
let keys: ServerKeys;
let h: Harness;
let wrongPin: string | undefined;
const savedConf = process.env.SOFTHSM2_CONF;

beforeAll(async () => {
  store = softHsmStore();
  // SoftHSM reads its configuration from this process's environment when the module initialises.
  process.env.SOFTHSM2_CONF = store.conf;
  store.initToken({ label: TOKEN, soPin: SO_PIN, pin: PIN });
  // SoftHSM lists the tokens it found when the module initialised: the command line's is made now.
  store.initToken({ label: 'dangky-server-2', soPin: SO_PIN, pin: PIN });
  config = { modulePath: SOFTHSM_MODULE, token: TOKEN, pin: PIN, ...DEFAULT_TOKEN_LABELS };
  expect(createTokenKeys(config)).toEqual({ kekId: 'pkcs11:dangky-kek' });
  // Before the server's session logs in: a PKCS#11 login is the whole process's.
  wrongPin = codeOf(() => openTokenKeys({ ...config, pin: '000000' }));
  keys = openTokenKeys(config);
  h = await harness({ serverKeys: keys });
});
afterAll(async () => {
  await h?.close();
  keys?.close();
  store?.dispose();
  if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
  else process.env.SOFTHSM2_CONF = savedConf;
});

/** Runs `work` in a session of its own on the test token, logged in by the server's session (a login is the process's). */
function onToken<T>(work: (lib: pkcs11js.PKCS11, session: Buffer) => T): T {
  const module = Pkcs11Module.open(SOFTHSM_MODULE);
  try {
    return module.slot({ labelOrSerial: TOKEN }).withSession({ write: true }, (s) => work(s.lib, s.handle));
  } finally {
    module.close();
  }
}

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    expect(JSON.stringify({ message: (error as Error).message, detail: (error as { detail?: unknown }).detail })).not.toContain(PIN);
    return (error as { code?: string }).code;
  }
  return undefined;
};

/** Another registration's id: a data key wrapped for one registration does not unwrap for another. */
const OTHER_REGISTRATION = '0193a1b2-0000-7000-8000-0000000000ff';

/** The citizen registers at the kiosk on `day`, is called and is issued a token with a free certificate: the answers to the counter's push. */
async function serve(firstSeq: number, ticket: string, day: string, tokenSerial: string) {
  const kiosk = deviceEvents(KIOSK, firstSeq);
  const counter = deviceEvents(COUNTER, firstSeq);
  const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket, day, at: `${day}T02:00:00.000Z`, idNumber: CITIZEN });
  const id = submitted.payload.registrationId;
  expect(await h.push(KIOSK, [submitted])).toEqual(['accepted']);
  const issued = counter.issued(id, 'clerk.benthanh', `${day}T02:20:00.000Z`, tokenSerial);
  const certificate = {
    serial: tokenSerial.toLowerCase().replace(/[^0-9a-f]/g, ''),
    notAfter: '2027-11-25T02:20:00.000Z',
    providerId: 'vnpt',
  };
  const pushed = await h.push(COUNTER, [
    counter.called(id, 'clerk.benthanh', `${day}T02:10:00.000Z`),
    { ...issued, payload: { ...issued.payload, certificate } },
  ]);
  return { id, pushed };
}

describe(`the server's keys in a PKCS#11 token, on ${dbKind}`, () => {
  it('wraps each data key on the token: the counter reads the registration; another KEK opens nothing', async () => {
    const { id, pushed } = await serve(700, 'A-311', '2026-11-25', 'TK-031337');
    expect(pushed).toEqual(['accepted', 'accepted']);

    const pulled = await h.app.inject({ method: 'GET', url: '/v1/sync/pull?limit=500', headers: await h.pullHeaders(COUNTER) });
    const mine = pullResponse.parse(pulled.json()).registrations.find((r) => r.registrationId === id);
    expect(mine?.draft.identity.idNumber).toBe(CITIZEN);

    const [row] = await h.db.query<{ kek_id: string; wrapped: string }>(
      'SELECT kek_id, wrapped FROM registration_keys WHERE registration_id = $1',
      [id],
    );
    expect(row?.kek_id).toBe('pkcs11:dangky-kek');
    expect(keys.unwrapDataKey(id, row!.wrapped)).toHaveLength(32);
    // Bound to its registration, and only the token's KEK opens it.
    expect(codeOf(() => keys.unwrapDataKey(OTHER_REGISTRATION, row!.wrapped))).toBe('DK_ERR_STORED_ROW_INVALID');
    expect(codeOf(() => processServerKeys().unwrapDataKey(id, row!.wrapped))).toBe('DK_ERR_STORED_ROW_INVALID');
    // A server given another KEK than the one this database was written with refuses to start.
    await expect(assertKekOfDatabase(h.db, processServerKeys().kekId)).rejects.toMatchObject({ code: 'DK_ERR_SERVER_KEY_MISMATCH' });
    await expect(assertKekOfDatabase(h.db, keys.kekId)).resolves.toBeUndefined();
  });

  it('finds a citizen’s holdings by the token’s HMAC: a second free certificate is refused', async () => {
    const [holding] = await h.db.query<{ citizen_key: string }>(
      "SELECT citizen_key FROM citizen_holdings WHERE token_serial = 'TK-031337'",
    );
    expect(holding?.citizen_key).toBe(keys.citizenHash(CITIZEN));
    expect(holding?.citizen_key).not.toBe(processServerKeys().citizenHash(CITIZEN));
    expect(keys.citizenHash(CITIZEN)).toMatch(/^[0-9a-f]{64}$/);

    const { pushed } = await serve(800, 'A-312', '2026-11-26', 'TK-031338');
    expect(pushed).toEqual(['accepted', 'DK_ERR_CERTIFICATE_ALREADY_HELD']);
  });

  it('holds keys that cannot be read out of the token', () => {
    const attributes = onToken((lib, session) =>
      [DEFAULT_TOKEN_LABELS.kekLabel, DEFAULT_TOKEN_LABELS.lookupLabel].map((label) => {
        lib.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_LABEL, value: label }]);
        const [key] = lib.C_FindObjects(session, 2);
        lib.C_FindObjectsFinal(session);
        const flags = lib
          .C_GetAttributeValue(session, key!, [
            { type: pkcs11js.CKA_SENSITIVE },
            { type: pkcs11js.CKA_EXTRACTABLE },
            { type: pkcs11js.CKA_NEVER_EXTRACTABLE },
          ])
          .map((a) => (a.value as Buffer)[0] === 1);
        let value: string;
        try {
          lib.C_GetAttributeValue(session, key!, [{ type: pkcs11js.CKA_VALUE }]);
          value = 'read';
        } catch (error) {
          value = /CKR_[A-Z_]+/.exec((error as Error).message)![0];
        }
        return { label, flags, value };
      }),
    );
    for (const a of attributes) expect(a, a.label).toMatchObject({ flags: [true, false, true], value: 'CKR_ATTRIBUTE_SENSITIVE' });
  });

  it('refuses a wrong PIN, a missing or readable key, and keys made twice — never showing the PIN', () => {
    expect(wrongPin).toBe('DK_ERR_SERVER_KEY_TOKEN');
    expect(codeOf(() => openTokenKeys({ ...config, token: 'no-such-token' }))).toBe('DK_ERR_SERVER_KEY_TOKEN');
    expect(codeOf(() => openTokenKeys({ ...config, kekLabel: 'no-such-key' }))).toBe('DK_ERR_SERVER_KEY_TOKEN');
    expect(codeOf(() => openTokenKeys({ ...config, modulePath: '/nonexistent/libpkcs11.so' }))).toBe('DK_ERR_SERVER_KEY_TOKEN');
    expect(codeOf(() => createTokenKeys(config))).toBe('DK_ERR_SERVER_KEY_TOKEN');
    // A key someone imported in clear (readable) is not taken as the KEK.
    onToken((lib, session) =>
      lib.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_LABEL, value: 'readable-kek' },
        { type: pkcs11js.CKA_ENCRYPT, value: true },
        { type: pkcs11js.CKA_DECRYPT, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: false },
        { type: pkcs11js.CKA_EXTRACTABLE, value: true },
        { type: pkcs11js.CKA_VALUE, value: Buffer.alloc(32, 7) },
      ]),
    );
    expect(codeOf(() => openTokenKeys({ ...config, kekLabel: 'readable-kek' }))).toBe('DK_ERR_SERVER_KEY_TOKEN');
  });

  it('reads its settings from the environment: the PIN from an owner-only file or the environment', async () => {
    const env = { KEK_PKCS11_MODULE: SOFTHSM_MODULE, KEK_PKCS11_TOKEN: TOKEN };
    expect(await keySourceFromEnv({}, '/srv/dangky')).toEqual({ kind: 'file', path: '/srv/dangky/server-keys.json' });
    const pinFile = join(store.dir, 'pin');
    await writeFile(pinFile, `${PIN}\n`, { mode: 0o600 });
    expect(await keySourceFromEnv({ ...env, KEK_PKCS11_PIN_FILE: pinFile }, '/srv/dangky')).toEqual({
      kind: 'pkcs11',
      token: { ...config },
    });
    expect(await keySourceFromEnv({ ...env, KEK_PKCS11_PIN: PIN, KEK_PKCS11_KEK_LABEL: 'kek-2027' }, '/srv')).toMatchObject({
      token: { pin: PIN, kekLabel: 'kek-2027', lookupLabel: 'dangky-lookup' },
    });
    await chmod(pinFile, 0o644);
    await expect(keySourceFromEnv({ ...env, KEK_PKCS11_PIN_FILE: pinFile }, '/srv')).rejects.toMatchObject({
      code: 'DK_ERR_SERVER_KEY_TOKEN',
    });
    await expect(keySourceFromEnv(env, '/srv')).rejects.toMatchObject({ code: 'DK_ERR_SERVER_KEY_TOKEN' });
    await expect(keySourceFromEnv({ KEK_PKCS11_MODULE: SOFTHSM_MODULE, KEK_PKCS11_PIN: PIN }, '/srv')).rejects.toMatchObject({
      code: 'DK_ERR_SERVER_KEY_TOKEN',
    });
  });

  it('makes and checks the keys of a new token from the command line, printing nothing secret', async () => {
    const lines: string[] = [];
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(t),
      env: { KEK_PKCS11_MODULE: SOFTHSM_MODULE, KEK_PKCS11_TOKEN: 'dangky-server-2', KEK_PKCS11_PIN: PIN },
    };
    expect(await main(['keys', 'check-token'], io), lines.join('\n')).toBe(1);
    expect(await main(['keys', 'init-token'], io), lines.join('\n')).toBe(0);
    expect(await main(['keys', 'check-token'], io)).toBe(0);
    expect(await main(['keys', 'init-token'], io)).toBe(1);
    expect(lines.join('\n')).toContain('pkcs11:dangky-kek');
    expect(lines.join('\n')).toContain('DK_ERR_SERVER_KEY_TOKEN');
    expect(lines.join('\n')).not.toContain(PIN);
  });
});
