import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponse, pushResponse } from '@dangky/core/protocol';
import type { FastifyInstance } from 'fastify';
import { build } from '../src/app.ts';
import type { Db } from '../src/db/db.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { seedDemo, type DemoSecrets } from '../src/seed/demo.ts';
import { counterPullHeaders, dbKind, freshPostgresUrl, standingShifts, TEST_EVENT_WINDOW } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Whoever copies the database's files — PGlite's folder, or PostgreSQL's data directory with its
 * write-ahead log — finds none of a registration's personal values in them, in any usual
 * encoding; the counter still reads them through the server, which holds the keys outside the
 * database. The ticket number, which is not personal and is kept in clear for the queue, is
 * found in the same files: the search does see what is stored there.
 */
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const at = '2026-11-24T03:00:00.000Z';
const day = '2026-11-24';
const person = {
  idNumber: '079187654321',
  fullName: 'Lưu Bích Mậtkhẩu',
  phone: '0987650123',
  address: '77 Đường Bímật, phường Bến Thành, TP. Hồ Chí Minh',
};
const TICKET = 'A-777';

let db: Db;
let app: FastifyInstance;
let demo: DemoSecrets;
let dir: string | null = null;
let files: () => Promise<string[]>;

async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

beforeAll(async () => {
  if (dbKind === 'pglite') {
    dir = await mkdtemp(join(tmpdir(), 'dangky-at-rest-'));
    db = await openPglite(dir);
    files = () => walk(dir!);
  } else {
    db = await openPostgres(await freshPostgresUrl());
    files = async () => {
      const [{ data }] = (await db.query<{ data: string }>("SELECT current_setting('data_directory') AS data")) as [{ data: string }];
      const [{ oid }] = (await db.query<{ oid: number }>('SELECT oid::int AS oid FROM pg_database WHERE datname = current_database()')) as [
        { oid: number },
      ];
      return [...(await walk(join(data, 'base', String(oid)))), ...(await walk(join(data, 'pg_wal')))];
    };
  }
  await migrate(db);
  demo = await seedDemo(db);
  await standingShifts(db, demo);
  app = await build({ db, eventWindow: TEST_EVENT_WINDOW });
});
afterAll(async () => {
  await app.close();
  await db.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const auth = (id: string) => {
  const d = demo.devices.find((x) => x.id === id)!;
  return `Device ${d.id}:${d.secret}`;
};

async function push(deviceId: string, events: unknown[]) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/sync/push',
    headers: { authorization: auth(deviceId) },
    payload: { deviceId, events },
  });
  return pushResponse.parse(res.json()).results.map((r) => (r.status === 'rejected' ? r.code : r.status));
}

/** Every file's bytes searched for the value as UTF-8 and as UTF-16 (both byte orders). */
async function filesHolding(value: string): Promise<string[]> {
  const needles = [Buffer.from(value, 'utf8'), Buffer.from(value, 'utf16le'), Buffer.from(value, 'utf16le').swap16()];
  const found: string[] = [];
  for (const path of await files()) {
    // The server's data directory is live (other test files create and drop their databases in
    // it): a file listed a moment ago may be gone, and then holds nothing.
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    if (needles.some((n) => bytes.includes(n))) found.push(path);
  }
  return found;
}

describe(`personal data at rest on ${dbKind}`, () => {
  it('is in none of the database’s files, yet the counter reads it', async () => {
    const kiosk = deviceEvents(KIOSK, 900);
    const counter = deviceEvents(COUNTER, 900);
    const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: TICKET, day, at, idNumber: person.idNumber });
    const payload = submitted.payload as unknown as { identity: Record<string, string>; contact: Record<string, string> };
    Object.assign(payload.identity, { fullName: person.fullName, address: person.address });
    payload.contact.phone = person.phone;
    const id = submitted.payload.registrationId;
    expect(await push(KIOSK, [submitted])).toEqual(['accepted']);
    expect(
      await push(COUNTER, [counter.called(id, 'clerk.benthanh', at), counter.issued(id, 'clerk.benthanh', '2026-11-24T03:05:00.000Z')]),
    ).toEqual(['accepted', 'accepted']);

    const pulled = await app.inject({
      method: 'GET',
      url: '/v1/sync/pull?limit=500',
      headers: await counterPullHeaders(app, demo, COUNTER),
    });
    const mine = pullResponse.parse(pulled.json()).registrations.find((r) => r.registrationId === id);
    expect(mine?.draft.identity).toMatchObject({ idNumber: person.idNumber, fullName: person.fullName, address: person.address });
    expect(mine?.draft.contact.phone).toBe(person.phone);

    // Everything written reaches the files: PostgreSQL's checkpoint, PGlite's close.
    if (dbKind === 'postgres') await db.query('CHECKPOINT');
    else {
      await app.close();
      await db.close();
      db = await openPglite(dir!);
      app = await build({ db, eventWindow: TEST_EVENT_WINDOW });
    }
    expect((await filesHolding(TICKET)).length).toBeGreaterThan(0);
    for (const value of Object.values(person)) expect(await filesHolding(value), value).toEqual([]);
  });
});
