import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@dangky/core/protocol';
import { build } from '../src/app.ts';
import type { Db } from '../src/db/db.ts';
import { ensureMarkerRow, type IdentityMarker } from '../src/storage/identity-marker.ts';
import { spaceGuard } from '../src/storage/space-guard.ts';
import { asTamperer, dbKind, freshDb, freshPostgresUrl, TEST_EVENT_WINDOW } from './harness.ts';
import { deviceEvents } from './events.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { openPostgres } from '../src/db/postgres.ts';

/**
 * Liveness and readiness apart: /healthz answers whatever the database does; /readyz fails with
 * a code when the disk is full, when the database's identity is no longer the one checked at
 * start, or when the database does not take a write — and comes back by itself.
 */
let db: Db;
let identity: IdentityMarker;
let free = 1 << 30;
const space = spaceGuard({
  folder: '/unused',
  reserveBytes: 64 << 20,
  freeBytes: async () => free,
  now: (() => {
    // Each look is a second after the previous one, so the guard looks at the (fake) folder every time.
    let t = 0;
    return () => (t += 1_000);
  })(),
});

beforeAll(async () => {
  db = await freshDb();
  const row = await ensureMarkerRow(db);
  identity = { databaseId: row.databaseId, createdAt: row.createdAt, schemaVersion: '0023_storage_identity', db: db.kind };
});
afterAll(() => db.close());

describe(`/healthz and /readyz on ${dbKind}`, () => {
  it('ready: the database takes a write and is the one checked at start; the check leaves nothing behind', async () => {
    const app = await build({ db, identity, space });
    const ready = await app.inject({ method: 'GET', url: routes.readyz });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', db: dbKind, databaseId: identity.databaseId });
    expect(await db.query('SELECT ready_checked_at FROM storage_identity')).toEqual([{ ready_checked_at: null }]);
    expect((await app.inject({ method: 'GET', url: routes.healthz })).json()).toEqual({ status: 'ok', db: dbKind });
    await app.close();
  });

  it('disk below its reserve: not ready and writes refused with 503 DK_ERR_STORAGE_FULL, alive, and back by itself', async () => {
    const app = await build({ db, identity, space });
    free = 10 << 20;
    const ready = await app.inject({ method: 'GET', url: routes.readyz });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.code).toBe('DK_ERR_STORAGE_FULL');
    expect(ready.headers['retry-after']).toBe('30');
    const push = await app.inject({ method: 'POST', url: routes.push, payload: { deviceId: 'x', events: [] } });
    expect(push.statusCode).toBe(503);
    expect(push.json().error.code).toBe('DK_ERR_STORAGE_FULL');
    expect(push.headers['retry-after']).toBe('30');
    expect((await app.inject({ method: 'GET', url: routes.healthz })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: routes.reference })).statusCode).toBe(200);
    free = 1 << 30;
    expect((await app.inject({ method: 'GET', url: routes.readyz })).statusCode).toBe(200);
    // Past the guard, the push meets the device check again.
    expect((await app.inject({ method: 'POST', url: routes.push, payload: { deviceId: 'x', events: [] } })).statusCode).toBe(401);
    await app.close();
  });

  it('another database identity than at start: not ready (DK_ERR_STORAGE_NOT_READY), still alive', async () => {
    const app = await build({ db, identity: { ...identity, databaseId: '0193a1b2-0000-7000-8000-00000000abcd' }, space });
    const ready = await app.inject({ method: 'GET', url: routes.readyz });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.code).toBe('DK_ERR_STORAGE_NOT_READY');
    expect((await app.inject({ method: 'GET', url: routes.healthz })).statusCode).toBe(200);
    await app.close();
  });

  it('a database that refuses writes: not ready, alive', async () => {
    const app = await build({ db, identity, space });
    // Writes to the marker table fail the way a read-only or broken database fails them.
    await asTamperer(db, [
      `CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'read-only'; END $$`,
      'CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON storage_identity FOR EACH ROW EXECUTE FUNCTION refuse_write()',
    ]);
    const ready = await app.inject({ method: 'GET', url: routes.readyz });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.code).toBe('DK_ERR_STORAGE_NOT_READY');
    expect((await app.inject({ method: 'GET', url: routes.healthz })).statusCode).toBe(200);
    await db.exec('DROP TRIGGER refuse_write ON storage_identity; DROP FUNCTION refuse_write()');
    expect((await app.inject({ method: 'GET', url: routes.readyz })).statusCode).toBe(200);
    await app.close();
  });

  it('a disk-full error from the database (SQLSTATE 53100) answers 503 DK_ERR_STORAGE_FULL, never 500, and marks the server not ready', async () => {
    let diskFull = true;
    // The database as it answers on a full disk: the events' INSERT fails with 53100.
    const failing: Db = {
      ...db,
      query: db.query.bind(db),
      exec: db.exec.bind(db),
      close: db.close.bind(db),
      transaction: (fn, options) =>
        db.transaction(
          (tx) =>
            fn({
              ...tx,
              query: async <T>(sql: string, params?: unknown[]) => {
                if (diskFull && /INSERT INTO events/.test(sql))
                  throw Object.assign(new Error('could not extend file "base/5/16384": No space left on device'), { code: '53100' });
                return tx.query<T>(sql, params);
              },
            }),
          options,
        ),
    };
    const guard = spaceGuard({});
    const seeded = await seedDemo(db);
    const app = await build({ db: failing, identity, space: guard, eventWindow: TEST_EVENT_WINDOW });
    const kiosk = seeded.devices.find((d) => d.id === 'kiosk-hcm-ben-thanh-1')!;
    const k = deviceEvents(kiosk.id);
    const batch = [k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-777', day: '2026-11-23', at: '2026-11-23T02:00:00.000Z' })];
    const push = () =>
      app.inject({
        method: 'POST',
        url: routes.push,
        headers: { authorization: `Device ${kiosk.id}:${kiosk.secret}` },
        payload: { deviceId: kiosk.id, events: batch },
      });
    const refused = await push();
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error.code).toBe('DK_ERR_STORAGE_FULL');
    expect(refused.headers['retry-after']).toBe('30');
    expect((await app.inject({ method: 'GET', url: routes.readyz })).json().error.code).toBe('DK_ERR_STORAGE_FULL');
    expect(Number((await db.query<{ n: number }>('SELECT count(*) AS n FROM events'))[0]!.n)).toBe(0);
    await app.close();
    // Space back (and the guard's pause over, here a new guard): the same push is taken.
    diskFull = false;
    const again = await build({ db: failing, identity, space: spaceGuard({}), eventWindow: TEST_EVENT_WINDOW });
    const taken = await again.inject({
      method: 'POST',
      url: routes.push,
      headers: { authorization: `Device ${kiosk.id}:${kiosk.secret}` },
      payload: { deviceId: kiosk.id, events: batch },
    });
    expect(taken.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted']);
    await again.close();
  });
});

// PGlite has one connection, this process's: nothing to keep apart there.
if (dbKind === 'postgres')
  describe('/readyz on a replica whose connections are all busy', () => {
    it('answers through its own connection while every request connection is taken', async () => {
      const url = await freshPostgresUrl(undefined, 'migrated');
      // A replica whose one request connection is held by a transaction that has not ended.
      const busy = await openPostgres(url, { max: 1 });
      const probe = await openPostgres(url, { max: 1 });
      const app = await build({ db: busy, probe });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const holds = new Promise<void>((r) => (holding = r));
      const transaction = busy.transaction(async (tx) => {
        await tx.query('SELECT 1');
        holding();
        await held;
      });
      await holds;
      const answer = await Promise.race([
        app.inject({ method: 'GET', url: routes.readyz }),
        new Promise<'waited'>((r) => setTimeout(() => r('waited'), 5_000)),
      ]);
      release();
      await transaction;
      expect(answer === 'waited' ? answer : answer.statusCode).toBe(200);
      await app.close();
      await busy.close();
      await probe.close();
    });
  });
