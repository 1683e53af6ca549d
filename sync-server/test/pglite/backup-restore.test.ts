import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOFTHSM_MODULE, softHsmStore, type SoftHsmStore } from '@dangky/pkcs11/softhsm';
import { build } from '../../src/app.ts';
import { main } from '../../src/cli/main.ts';
import type { Db } from '../../src/db/db.ts';
import { seedDemo, type DemoSecrets } from '../../src/seed/demo.ts';
import { fileErasureLedger } from '../../src/privacy/erasure-ledger.ts';
import { openVault } from '../../src/privacy/registration-vault.ts';
import { ensureServerKeys, type ServerKeys } from '../../src/privacy/server-keys.ts';
import { createTokenKeys, DEFAULT_TOKEN_LABELS, openTokenKeys } from '../../src/privacy/token-keys.ts';
import { serveControlSocket } from '../../src/storage/control-socket.ts';
import { openStorage } from '../../src/storage/open-storage.ts';
import { standingShifts, TEST_EVENT_WINDOW } from '../harness.ts';
import { deviceEvents } from '../events.ts';
import { eraseAtRequest, pushAs } from './app-calls.ts';

/**
 * `dangky-server backup` and `restore` on PGlite. A backup taken from the running server (through
 * its control socket) holds none of a citizen's personal values in clear; a citizen erased after
 * it stays erased when it is restored — the restore adopts the backup and replays the erasure
 * ledger before any start — while another citizen's registration opens as before. A restore goes
 * only into an empty DATA_DIR; a stopped server's folder is backed up by the command itself.
 * All of it with the server's keys in a key file (`npm start`) and in a PKCS#11 token (SoftHSM2
 * here, an HSM in production), where the restore command opens the token as the server does.
 */
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const erasedPerson = { idNumber: '079187650001', fullName: 'Đỗ Thị Saolưu', phone: '0987650001' };
const keptPerson = { idNumber: '079187650002', fullName: 'Hà Văn Khôiphục', phone: '0987650002' };
const PIN = '864213';
const SO_PIN = '97531246';
const TOKEN = 'dangky-backup';

/** The backup's bytes, unpacked (the tar inside the gzip), searched as UTF-8 and UTF-16. */
async function backupHolds(file: string, value: string): Promise<boolean> {
  const bytes = gunzipSync(await readFile(file));
  return [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le')].some((n) => bytes.includes(n));
}

function backupRestoreSuite(keyKind: 'file' | 'token') {
  describe(`backup and restore of an embedded server, keys in a ${keyKind === 'file' ? 'key file' : 'PKCS#11 token'}`, () => {
    let root: string;
    let env: Record<string, string>;
    let db: Db;
    let app: FastifyInstance;
    let keys: ServerKeys;
    let demo: DemoSecrets;
    let stopControl: () => Promise<void>;
    const ids = { erased: '', kept: '' };
    let store: SoftHsmStore | undefined;
    const savedConf = process.env.SOFTHSM2_CONF;
    const lines: string[] = [];
    const cli = (args: string[], more: Record<string, string> = {}) =>
      main(args, { out: (t) => lines.push(t), err: (t) => lines.push(t), env: { ...env, ...more } });

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'dangky-backup-'));
      await mkdir(join(root, 'keys'), { mode: 0o700 });
      env =
        keyKind === 'file'
          ? { DATA_DIR: join(root, 'data'), SERVER_KEY_FILE: join(root, 'keys', 'server-keys.json') }
          : {
              DATA_DIR: join(root, 'data'),
              KEK_PKCS11_MODULE: SOFTHSM_MODULE,
              KEK_PKCS11_TOKEN: TOKEN,
              KEK_PKCS11_PIN: PIN,
              ERASURE_LEDGER: join(root, 'keys', 'erasures.log'),
            };
      // The server as main.ts starts it on PGlite: its storage, its key file and ledger, its control socket.
      const storage = await openStorage({ dataDir: env.DATA_DIR!, scan: false });
      db = storage.db;
      demo = await seedDemo(db);
      await standingShifts(db, demo);
      if (keyKind === 'file') keys = await ensureServerKeys(env.SERVER_KEY_FILE!);
      else {
        store = softHsmStore();
        // SoftHSM reads its configuration from this process's environment when the module initialises.
        process.env.SOFTHSM2_CONF = store.conf;
        store.initToken({ label: TOKEN, soPin: SO_PIN, pin: PIN });
        const config = { modulePath: SOFTHSM_MODULE, token: TOKEN, pin: PIN, ...DEFAULT_TOKEN_LABELS };
        createTokenKeys(config);
        keys = openTokenKeys(config);
      }
      const ledger = fileErasureLedger(join(root, 'keys', 'erasures.log'));
      app = await build({ db, serverKeys: keys, erasureLedger: ledger, eventWindow: TEST_EVENT_WINDOW });
      stopControl = await serveControlSocket(env.DATA_DIR!, db);
      const kiosk = deviceEvents(KIOSK, 600);
      const counter = deviceEvents(COUNTER, 600);
      const push = pushAs(app, demo);
      for (const [n, person] of [erasedPerson, keptPerson].entries()) {
        const e = kiosk.submitted({
          siteId: 'hcm-ben-thanh',
          ticket: `A-60${n}`,
          day: '2026-11-27',
          at: '2026-11-27T02:00:00.000Z',
          idNumber: person.idNumber,
        });
        const payload = e.payload as unknown as { identity: Record<string, string>; contact: Record<string, string> };
        payload.identity.fullName = person.fullName;
        payload.contact.phone = person.phone;
        await push(KIOSK, [e]);
        await push(COUNTER, [
          counter.called(e.payload.registrationId, 'clerk.benthanh', `2026-11-27T02:1${n}:00.000Z`),
          counter.issued(e.payload.registrationId, 'clerk.benthanh', `2026-11-27T02:2${n}:00.000Z`, `TK-06000${n}`),
        ]);
        ids[n === 0 ? 'erased' : 'kept'] = e.payload.registrationId;
      }
    });
    afterAll(async () => {
      await stopControl?.();
      await app?.close();
      await db?.close().catch(() => {});
      keys?.close();
      store?.dispose();
      if (savedConf === undefined) delete process.env.SOFTHSM2_CONF;
      else process.env.SOFTHSM2_CONF = savedConf;
      await rm(root, { recursive: true, force: true });
    });

    it('backs up the running server: owner-only, personal data only sealed', async () => {
      const file = join(root, 'running.tar.gz');
      expect(await cli(['backup', file]), lines.join('\n')).toBe(0);
      expect(lines.at(-1)).toContain('by the running server');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      // The search sees what is stored in clear (the ticket number), and none of the personal values.
      expect(await backupHolds(file, 'A-601')).toBe(true);
      for (const value of [...Object.values(erasedPerson), ...Object.values(keptPerson)])
        expect(await backupHolds(file, value), value).toBe(false);
    });

    it('restores into an empty DATA_DIR with the citizen erased after the backup still erased', async () => {
      expect(await eraseAtRequest(app, erasedPerson.idNumber, [ids.erased])).toBe(200);
      // The server stops; a stopped server's folder is backed up by the command itself.
      await stopControl();
      await app.close();
      await db.close();
      const stopped = join(root, 'stopped.tar.gz');
      expect(await cli(['backup', stopped]), lines.join('\n')).toBe(0);
      expect(lines.at(-1)).toContain('stopped server');

      const restoredDir = join(root, 'restored');
      expect(await cli(['restore', join(root, 'running.tar.gz')], { DATA_DIR: restoredDir }), lines.join('\n')).toBe(0);
      expect(lines.at(-1)).toContain('1 erasure(s) made since the backup were made again');
      // Not over a database: a restore goes into an empty DATA_DIR only.
      expect(await cli(['restore', stopped], { DATA_DIR: restoredDir })).toBe(1);
      expect(lines.at(-1)).toContain('DK_ERR_BACKUP_REFUSED');

      // The next start takes the restored database as it is (adopted: no STORAGE_INIT needed).
      const restored = await openStorage({ dataDir: restoredDir, scan: false });
      db = restored.db;
      const vault = await openVault(db, keys, [ids.erased, ids.kept], { create: false });
      expect(vault.erased(ids.erased)).toBe(true);
      const [kept] = await db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [ids.kept]);
      expect(vault.open(ids.kept, kept!.state)).toMatchObject({ draft: { identity: { fullName: keptPerson.fullName } } });
      await db.close();
    });
  });
}

backupRestoreSuite('file');
backupRestoreSuite('token');

describe('backup of a PostgreSQL server', () => {
  const lines: string[] = [];
  it('points PostgreSQL to its own tools', async () => {
    expect(
      await main(['backup', '/tmp/pg.dump'], {
        out: (t) => lines.push(t),
        err: (t) => lines.push(t),
        env: { DATABASE_URL: 'postgres://localhost/dangky' },
      }),
    ).toBe(2);
    expect(lines.at(-1)).toContain('pg_dump');
  });
});
