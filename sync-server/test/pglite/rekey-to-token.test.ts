import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';
import { build } from '../../src/app.ts';
import { main } from '../../src/cli/main.ts';
import { seedDemo, type DemoSecrets } from '../../src/seed/demo.ts';
import { fileErasureLedger } from '../../src/privacy/erasure-ledger.ts';
import { assertKekOfDatabase } from '../../src/privacy/open-server-keys.ts';
import { openVault } from '../../src/privacy/registration-vault.ts';
import { ensureServerKeys, type ServerKeys } from '../../src/privacy/server-keys.ts';
import { DEFAULT_TOKEN_LABELS, openTokenKeys } from '../../src/privacy/token-keys.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { standingShifts, TEST_EVENT_WINDOW } from '../harness.ts';
import { deviceEvents } from '../events.ts';
import { eraseAtRequest, pushAs } from './app-calls.ts';

/**
 * `dangky-server keys move-to-token`: a database begun on a key file (`npm start`, a pilot) moves
 * to a PKCS#11 token with the servers stopped. Every live data key is then wrapped by the token's
 * KEK and opens as before; an erased registration stays erased; the look-up key is the file's,
 * carried into the token, so the citizen whose registration was erased still holds their free
 * certificate and a second is refused. A token whose look-up key is another is refused, and a run
 * again after the move changes nothing.
 */
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const PIN = '864213';
const SO_PIN = '97531246';
const erasedPerson = '079187660001';
const keptPerson = '079187660002';

describe('moving a key file database to a PKCS#11 token', () => {
  let root: string;
  let env: Record<string, string>;
  let store: SoftHsmStore;
  let fileKeys: ServerKeys;
  let demo: DemoSecrets;
  const ids = { erased: '', kept: '' };
  const lines: string[] = [];
  const savedConf = process.env.SOFTHSM2_CONF;
  const cli = (args: string[], more: Record<string, string> = {}) =>
    main(args, { out: (t) => lines.push(t), err: (t) => lines.push(t), env: { ...env, ...more } });
  const config = { modulePath: SOFTHSM_MODULE, token: 'dangky-move', pin: PIN, ...DEFAULT_TOKEN_LABELS };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'dangky-rekey-'));
    await mkdir(join(root, 'keys'), { mode: 0o700 });
    env = {
      DATA_DIR: join(root, 'data'),
      SERVER_KEY_FILE: join(root, 'keys', 'server-keys.json'),
      KEK_PKCS11_MODULE: SOFTHSM_MODULE,
      KEK_PKCS11_TOKEN: config.token,
      KEK_PKCS11_PIN: PIN,
    };
    store = softHsmStore();
    // SoftHSM reads its configuration, and lists its tokens, when the module first initialises.
    process.env.SOFTHSM2_CONF = store.conf;
    store.initToken({ label: config.token, soPin: SO_PIN, pin: PIN });
    store.initToken({ label: 'dangky-other', soPin: SO_PIN, pin: PIN });

    // A server on its key file registers two citizens and issues each a token; one is then erased.
    const storage = await openStorage({ dataDir: env.DATA_DIR!, scan: false });
    const db = storage.db;
    demo = await seedDemo(db);
    await standingShifts(db, demo);
    fileKeys = await ensureServerKeys(env.SERVER_KEY_FILE!);
    const app = await build({
      db,
      serverKeys: fileKeys,
      erasureLedger: fileErasureLedger(join(root, 'keys', 'erasures.log')),
      eventWindow: TEST_EVENT_WINDOW,
    });
    const kiosk = deviceEvents(KIOSK, 900);
    const counter = deviceEvents(COUNTER, 900);
    const push = pushAs(app, demo);
    for (const [n, idNumber] of [erasedPerson, keptPerson].entries()) {
      const e = kiosk.submitted({
        siteId: 'hcm-ben-thanh',
        ticket: `A-70${n}`,
        day: '2026-11-27',
        at: '2026-11-27T02:00:00.000Z',
        idNumber,
      });
      await push(KIOSK, [e]);
      const issued = counter.issued(e.payload.registrationId, 'clerk.benthanh', `2026-11-27T02:2${n}:00.000Z`, `TK-07000${n}`);
      const certificate = { serial: `7000${n}`, notAfter: '2027-11-27T02:20:00.000Z', providerId: 'vnpt' };
      const pushed = await push(COUNTER, [
        counter.called(e.payload.registrationId, 'clerk.benthanh', `2026-11-27T02:1${n}:00.000Z`),
        { ...issued, payload: { ...issued.payload, certificate } },
      ]);
      expect(pushed.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      ids[n === 0 ? 'erased' : 'kept'] = e.payload.registrationId;
    }
    expect(await eraseAtRequest(app, erasedPerson, [ids.erased])).toBe(200);
    // Every server stops before the move.
    await app.close();
    await db.close();
  });
  afterAll(async () => {
    store?.dispose();
    if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = savedConf;
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a token whose look-up key is not the key file’s', async () => {
    expect(await cli(['keys', 'init-token'], { KEK_PKCS11_TOKEN: 'dangky-other' }), lines.join('\n')).toBe(0);
    expect(await cli(['keys', 'move-to-token'], { KEK_PKCS11_TOKEN: 'dangky-other' })).toBe(1);
    expect(lines.join('\n')).toContain('DK_ERR_SERVER_KEY_MISMATCH');
  });

  it('re-wraps every live data key on the token; what was kept opens, what was erased stays erased, and the holdings still find their citizen', async () => {
    expect(await cli(['keys', 'move-to-token']), lines.join('\n')).toBe(0);
    expect(lines.at(-1)).toMatch(/^1 data keys re-wrapped by pkcs11:dangky-kek/);
    expect(lines.join('\n')).not.toContain(PIN);

    const tokenKeys = openTokenKeys(config);
    const db = (await openStorage({ dataDir: env.DATA_DIR!, scan: false })).db;
    try {
      await expect(assertKekOfDatabase(db, tokenKeys.kekId)).resolves.toBeUndefined();
      await expect(assertKekOfDatabase(db, fileKeys.kekId)).rejects.toMatchObject({ code: 'DK_ERR_SERVER_KEY_MISMATCH' });
      const vault = await openVault(db, tokenKeys, [ids.erased, ids.kept], { create: false });
      expect(vault.erased(ids.erased)).toBe(true);
      const [kept] = await db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [ids.kept]);
      expect(vault.open(ids.kept, kept!.state)).toMatchObject({ draft: { identity: { idNumber: keptPerson } } });

      // The erased citizen's free certificate is still theirs: a second is refused, by the token's keys.
      const app = await build({ db, serverKeys: tokenKeys, eventWindow: TEST_EVENT_WINDOW });
      const kiosk = deviceEvents(KIOSK, 950);
      const counter = deviceEvents(COUNTER, 950);
      const push = async (deviceId: string, events: unknown[]) =>
        (await pushAs(app, demo)(deviceId, events)).results.map((r) => r.code ?? r.status);
      const again = kiosk.submitted({
        siteId: 'hcm-ben-thanh',
        ticket: 'A-709',
        day: '2026-11-28',
        at: '2026-11-28T02:00:00.000Z',
        idNumber: erasedPerson,
      });
      expect(await push(KIOSK, [again])).toEqual(['accepted']);
      const issued = counter.issued(again.payload.registrationId, 'clerk.benthanh', '2026-11-28T02:20:00.000Z', 'TK-070009');
      const certificate = { serial: '70009', notAfter: '2027-11-28T02:20:00.000Z', providerId: 'vnpt' };
      expect(
        await push(COUNTER, [
          counter.called(again.payload.registrationId, 'clerk.benthanh', '2026-11-28T02:10:00.000Z'),
          { ...issued, payload: { ...issued.payload, certificate } },
        ]),
      ).toEqual(['accepted', 'DK_ERR_CERTIFICATE_ALREADY_HELD']);
      await app.close();
    } finally {
      await db.close();
      tokenKeys.close();
    }

    // Run again (after an interruption, or by mistake): nothing left to move.
    expect(await cli(['keys', 'move-to-token']), lines.join('\n')).toBe(0);
    expect(lines.at(-1)).toMatch(/^0 data keys re-wrapped/);
  });
});
