import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/app.ts';
import { seedDemo } from '../src/seed/demo.ts';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../src/db/db.ts';
import { dbKind, freshDb } from './harness.ts';

let db: Db;
let app: FastifyInstance;
let url: string;
const KIOSK_ORIGIN = 'http://127.0.0.1:4101';
beforeAll(async () => {
  db = await freshDb();
  await seedDemo(db);
  // Two at a time: a sign-in (scrypt, ~0.1 s) holds its place long enough for the others to arrive.
  app = await build({ db, maxInFlight: 2, corsOrigins: [KIOSK_ORIGIN] });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const signIn = () =>
  fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: KIOSK_ORIGIN },
    body: JSON.stringify({ username: 'manager.hcm', password: 'dangky-demo-2026' }),
  });

describe(`load shedding on ${dbKind}`, () => {
  it('past its limit answers 503 DK_ERR_SERVER_BUSY with retry-after at once, serves the rest, and keeps /healthz up', async () => {
    const pending = Array.from({ length: 8 }, signIn);
    const health = await fetch(`${url}/healthz`);
    const answers = await Promise.all(pending);
    expect(health.status).toBe(200);
    const busy = answers.filter((r) => r.status === 503);
    const served = answers.filter((r) => r.status === 200);
    expect(served.length).toBeGreaterThanOrEqual(2);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    expect(served.length + busy.length).toBe(8);
    for (const r of busy) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
      // A kiosk's page (another origin) may read it: the browser hides headers CORS does not expose.
      expect(r.headers.get('access-control-allow-origin')).toBe(KIOSK_ORIGIN);
      expect(r.headers.get('access-control-expose-headers')).toMatch(/retry-after/i);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('DK_ERR_SERVER_BUSY');
    }
    // Once the backlog is gone, a request is served again.
    expect((await signIn()).status).toBe(200);
  });
});
