import { mkdir, mkdtemp, open, readdir, readFile, rm, stat, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { routes } from '@dangky/core/protocol';
import { build } from '../src/app.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { openStorage, MARKER_FILE_NAME, PGLITE_FOLDER, type StorageOptions } from '../src/storage/open-storage.ts';
import { dbKind, freshPostgresUrl, asTamperer, TEST_EVENT_WINDOW } from './harness.ts';
import { deviceEvents } from './events.ts';
import type { IdentityMarker } from '../src/storage/identity-marker.ts';

/**
 * The server refuses to start on storage that lost or damaged what it held, and starts normally
 * on a first start. One database with registrations is made once; each case changes a copy of it
 * the way a failing disk or a mistaken operator would, and opens it as main.ts does.
 */
const execFileAsync = promisify(execFile);
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const REGISTRATIONS = 240;

let root: string;
let base: string;
let databaseUrl: string | undefined;
let identity: IdentityMarker;
/** Files (relative to the PGlite folder) of the registrations table and of the events partition holding the rows. */
let files: { registrations: string; events: string };

const opened = async (options: Partial<StorageOptions> & { dataDir: string }) => {
  const storage = await openStorage({
    databaseUrl,
    ...(databaseUrl ? { markerFile: join(options.dataDir, MARKER_FILE_NAME) } : {}),
    ...options,
  });
  await storage.db.close();
  return storage.identity;
};
const refusal = (options: Partial<StorageOptions> & { dataDir: string }) =>
  opened(options).then(
    () => 'started',
    (err: { code?: string }) => err.code ?? String(err),
  );
/** A copy of the database made in beforeAll (PGlite: the folder; PostgreSQL: the marker file only). */
async function copy(name: string): Promise<string> {
  const dir = join(root, name);
  await execFileAsync('cp', ['-a', base, dir]);
  return dir;
}
/** PostgreSQL: a new database made from the one made in beforeAll (nobody is connected to it between cases). */
async function copyDatabase(from: string): Promise<string> {
  const source = new URL(from);
  const name = `${source.pathname.slice(1)}_c${Math.floor(Math.random() * 1e9)}`;
  const c = new pg.Client({ connectionString: inject('databaseUrl') });
  await c.connect();
  await c.query(`CREATE DATABASE ${name} TEMPLATE ${source.pathname.slice(1)}`);
  await c.end();
  source.pathname = `/${name}`;
  return source.toString();
}
/** A DATA_DIR holding the marker file only (and the PGlite folder as the case makes it): for refusals that never open the database. */
async function markerOnly(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { mode: 0o700 });
  await writeFile(join(dir, MARKER_FILE_NAME), JSON.stringify(identity));
  return dir;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dangky-storage-'));
  base = join(root, 'base', 'not-yet-made');
  databaseUrl = dbKind === 'postgres' ? await freshPostgresUrl() : undefined;
  const storage = await openStorage({ dataDir: base, databaseUrl, ...(databaseUrl ? { markerFile: join(base, MARKER_FILE_NAME) } : {}) });
  identity = storage.identity;
  const { db } = storage;
  const demo = await seedDemo(db);
  const app = await build({ db, eventWindow: TEST_EVENT_WINDOW });
  const kiosk = demo.devices.find((d) => d.id === KIOSK)!;
  const k = deviceEvents(KIOSK);
  for (let batch = 0; batch < REGISTRATIONS / 120; batch++) {
    const events = Array.from({ length: 120 }, (_, i) =>
      k.submitted({
        siteId: 'hcm-ben-thanh',
        ticket: `A-${String(batch * 120 + i + 1).padStart(3, '0')}`,
        day: '2026-11-23',
        at: '2026-11-23T02:00:00.000Z',
      }),
    );
    const res = await app.inject({
      method: 'POST',
      url: routes.push,
      headers: { authorization: `Device ${kiosk.id}:${kiosk.secret}` },
      payload: { deviceId: KIOSK, events },
    });
    expect(res.statusCode).toBe(200);
    expect(new Set((res.json() as { results: { status: string }[] }).results.map((r) => r.status))).toEqual(new Set(['accepted']));
  }
  const [events] = await db.query<{ t: string }>(
    'SELECT tableoid::regclass::text AS t FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
  );
  const path = async (table: string) => (await db.query<{ p: string }>('SELECT pg_relation_filepath($1) AS p', [table]))[0]!.p;
  files = { registrations: await path('registrations'), events: await path(events!.t) };
  await app.close();
  await db.close();
}, 240_000);

afterAll(() => rm(root, { recursive: true, force: true }));

describe(`storage at start on ${dbKind}`, () => {
  it('a first start creates DATA_DIR, initialises the database and writes its identity beside it', async () => {
    expect((await stat(base)).mode & 0o777).toBe(0o700);
    const marker = JSON.parse(await readFile(join(base, MARKER_FILE_NAME), 'utf8')) as IdentityMarker;
    expect(marker).toEqual(identity);
    expect(marker.schemaVersion).toMatch(/^\d{4}_/);
    expect((await stat(join(base, MARKER_FILE_NAME))).mode & 0o777).toBe(0o600);
  });

  it('opens the same database again, and takes a database whose marker file was lost', async () => {
    const dir = await copy('again');
    expect(await opened({ dataDir: dir })).toEqual(identity);
    await unlink(join(dir, MARKER_FILE_NAME));
    expect(await opened({ dataDir: dir })).toEqual(identity);
    expect(JSON.parse(await readFile(join(dir, MARKER_FILE_NAME), 'utf8'))).toEqual(identity);
  });

  it('refuses a marker naming another database, and takes it with STORAGE_INIT=adopt', async () => {
    const dir = await copy('mismatch');
    const foreign = { ...identity, databaseId: '0193a1b2-0000-7000-8000-00000000abcd' };
    await writeFile(join(dir, MARKER_FILE_NAME), JSON.stringify(foreign));
    expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_MARKER_MISMATCH');
    expect(await opened({ dataDir: dir, init: 'adopt' })).toEqual(identity);
  });

  it('refuses a malformed marker file', async () => {
    const dir = await markerOnly('malformed');
    await writeFile(join(dir, MARKER_FILE_NAME), '{"databaseId": 12');
    expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_DAMAGED');
  });

  it('refuses a projection cut off from its events (registrations emptied behind the server’s back)', async () => {
    const dir = await copy('truncated-projection');
    // PostgreSQL: a copy of the database (the other cases read the original).
    const url = databaseUrl ? await copyDatabase(databaseUrl) : undefined;
    const options = { dataDir: dir, databaseUrl: url, ...(url ? { markerFile: join(dir, MARKER_FILE_NAME) } : {}) };
    const storage = await openStorage({ ...options, scan: false });
    await asTamperer(storage.db, ['DELETE FROM registrations WHERE ticket_number LIKE $$A-1%$$']);
    await storage.db.close();
    expect(await refusal(options)).toBe('DK_ERR_STORAGE_DAMAGED');
  });
});

// Each database's own cases are defined only in that database's run (not reported as skipped in the other).
if (dbKind === 'postgres')
  describe('storage at start on PostgreSQL', () => {
    it('refuses an empty database where the marker file remembers one, and begins a new one with STORAGE_INIT=new', async () => {
      const dir = await copy('pg-empty');
      const empty = await freshPostgresUrl();
      expect(await refusal({ dataDir: dir, databaseUrl: empty })).toBe('DK_ERR_STORAGE_MISSING');
      const fresh = await opened({ dataDir: dir, databaseUrl: empty, init: 'new' });
      expect(fresh.databaseId).not.toBe(identity.databaseId);
    });

    it('without a marker file (stateless replicas) the row inside the database is the marker', async () => {
      const dir = await copy('pg-no-file');
      expect(await opened({ dataDir: dir, markerFile: undefined })).toEqual(identity);
    });
  });

if (dbKind === 'pglite')
  describe('storage at start on a PGlite folder', () => {
    const pgliteDir = (dir: string) => join(dir, PGLITE_FOLDER);

    it('keeps the database folder owner-only: files 0600, folders 0700', async () => {
      const modes = new Set<string>();
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          modes.add(`${entry.isDirectory() ? 'd' : 'f'}${((await stat(path)).mode & 0o777).toString(8)}`);
          if (entry.isDirectory()) await walk(path);
        }
      };
      await walk(base);
      expect([...modes].sort()).toEqual(['d700', 'f600']);
    });

    it('refuses an emptied folder', async () => {
      const dir = await markerOnly('emptied');
      await mkdir(pgliteDir(dir));
      expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_MISSING');
      expect(await readdir(pgliteDir(dir))).toEqual([]);
    });

    it('refuses a folder that is gone', async () => {
      const dir = await markerOnly('gone');
      expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_MISSING');
    });

    it('refuses a folder without PG_VERSION (PGlite would initialise a new database over it)', async () => {
      const dir = await copy('no-version');
      await unlink(join(pgliteDir(dir), 'PG_VERSION'));
      await unlink(join(dir, MARKER_FILE_NAME));
      expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_DAMAGED');
    });

    it('refuses a registrations file cut in half', async () => {
      const dir = await copy('half-registrations');
      const file = join(pgliteDir(dir), files.registrations);
      await truncate(file, Math.floor((await stat(file)).size / 2 / 8192) * 8192);
      expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_DAMAGED');
    });

    it('refuses an events file cut in half', async () => {
      const dir = await copy('half-events');
      const file = join(pgliteDir(dir), files.events);
      await truncate(file, Math.floor((await stat(file)).size / 2 / 8192) * 8192);
      expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_DAMAGED');
    });

    it('refuses a damaged page in events (data checksums)', async () => {
      const dir = await copy('bad-page');
      const handle = await open(join(pgliteDir(dir), files.events), 'r+');
      // Garbage in the middle of the first page's tuples; the page header stays plausible.
      await handle.write(Buffer.alloc(64, 0x5a), 0, 64, 4096);
      await handle.close();
      expect(await refusal({ dataDir: dir })).toBe('DK_ERR_STORAGE_DAMAGED');
    });

    // A new PGlite database is an initdb: 8 s on an idle 2-core machine, over 30 s under load.
    it('STORAGE_INIT=new sets a damaged folder aside and begins a new empty database', { timeout: 120_000 }, async () => {
      const dir = await markerOnly('begin-again');
      await mkdir(pgliteDir(dir));
      await writeFile(join(pgliteDir(dir), 'postgresql.conf'), '# what is left of a database\n');
      const fresh = await opened({ dataDir: dir, init: 'new' });
      expect(fresh.databaseId).not.toBe(identity.databaseId);
      expect((await readdir(dir)).filter((f) => f.startsWith(`${PGLITE_FOLDER}.set-aside-`))).toHaveLength(1);
    });
  });
