import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { adminStaffResponse, loginResponse, signInAddressLocks } from '@dangky/core/protocol';
import { build } from '../src/app.ts';
import type { Db } from '../src/db/db.ts';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.ts';
import { dbKind, freshDb } from './harness.ts';

let db: Db;
let app: FastifyInstance;
// Starts at the real time: sessions made by a sign-in are checked against the real clock.
let now = Date.now();
const logLines: { level: number; msg: string; username?: string | null; code?: string }[] = [];
let admin: string;

beforeAll(async () => {
  db = await freshDb();
  await seedDemo(db);
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  app = await build({ db, now: () => new Date(now), logger: { level: 'warn', stream } });
  admin = loginResponse.parse((await signIn('admin.hcm', DEMO_PASSWORD, '10.0.0.1')).json()).token;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function signIn(username: string, password: string, address: string) {
  return app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: address, payload: { username, password } });
}
const answer = async (username: string, password: string, address: string) => {
  const res = await signIn(username, password, address);
  return [res.statusCode, res.statusCode === 200 ? 'ok' : res.json().error.code, res.headers['retry-after'] ?? null];
};
const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload ? { payload } : {}) });
const accountRow = async (id: string) => (await asAdmin('GET', '/v1/admin/staff')).json().staff.find((s: { id: string }) => s.id === id);

describe(`sign-in limits on ${dbKind}`, () => {
  it('makes an account wait longer after each failure past three, then locks it until an administrator unlocks it', async () => {
    // Each try from another address, so only the account's count is at work.
    let n = 0;
    const wrong = () => answer('clerk.benthanh', 'not-the-password', `10.1.0.${++n}`);
    expect([await wrong(), await wrong(), await wrong()]).toEqual(Array(3).fill([401, 'DK_ERR_BAD_CREDENTIALS', null]));
    // The right password must wait too: the wait is decided before the password is looked at.
    expect(await answer('clerk.benthanh', DEMO_PASSWORD, '10.1.1.1')).toEqual([429, 'DK_ERR_SIGN_IN_THROTTLED', '1']);
    for (const waitS of [1, 2, 4, 8, 16, 32, 60]) {
      now += (waitS - 1) * 1000;
      expect(await wrong()).toEqual([429, 'DK_ERR_SIGN_IN_THROTTLED', '1']);
      now += 1000;
      expect(await wrong()).toEqual([401, 'DK_ERR_BAD_CREDENTIALS', null]);
    }
    // Ten failures: locked, whatever the password and however long one waits.
    now += 3 * 86_400_000;
    expect(await answer('clerk.benthanh', DEMO_PASSWORD, '10.1.1.2')).toEqual([423, 'DK_ERR_ACCOUNT_LOCKED', null]);

    expect(await accountRow('clerk.benthanh')).toMatchObject({ signIn: { failures: 10, locked: true } });
    expect(adminStaffResponse.safeParse((await asAdmin('GET', '/v1/admin/staff')).json()).success).toBe(true);
    const unlocked = await asAdmin('POST', '/v1/admin/staff/clerk.benthanh/unlock');
    expect([unlocked.statusCode, unlocked.json().signIn]).toEqual([200, null]);
    expect(await answer('clerk.benthanh', DEMO_PASSWORD, '10.1.1.3')).toEqual([200, 'ok', null]);

    const audit = await db.query<{ actor_id: string; action: string; target: string; detail: string }>(
      `SELECT actor_id, action, target, detail FROM audit_log WHERE action IN ('staff.unlocked', 'auth.sign-in-failed') ORDER BY seq`,
    );
    expect(audit.filter((a) => a.action === 'auth.sign-in-failed')).toHaveLength(10);
    expect(JSON.parse(audit.at(-2)!.detail)).toEqual({ code: 'DK_ERR_BAD_CREDENTIALS', locked: true, failures: 10 });
    expect(audit.at(-1)).toMatchObject({ actor_id: 'admin.hcm', action: 'staff.unlocked', target: 'staff:clerk.benthanh' });
    expect(JSON.parse(audit.at(-1)!.detail)).toEqual({ failures: 10 });
    // Failed sign-ins reach the log at warn with the account's name; the password typed never does.
    const warned = logLines.filter((l) => l.level === 40 && l.username === 'clerk.benthanh');
    expect(warned.map((l) => l.code)).toContain('DK_ERR_BAD_CREDENTIALS');
    expect(warned.map((l) => l.code)).toContain('DK_ERR_ACCOUNT_LOCKED');
    expect(JSON.stringify(logLines)).not.toContain('not-the-password');
  });

  it('a right password wipes the failures before it', async () => {
    for (let i = 0; i < 3; i++) await signIn('clerk.hoisach', 'wrong-password', '10.2.0.1');
    now += 1000;
    expect(await answer('clerk.hoisach', DEMO_PASSWORD, '10.2.0.1')).toEqual([200, 'ok', null]);
    expect((await accountRow('clerk.hoisach')).signIn).toBeNull();
    expect(await answer('clerk.hoisach', 'wrong-password', '10.2.0.1')).toEqual([401, 'DK_ERR_BAD_CREDENTIALS', null]);
  });

  it('counts failures per address across names, locks the address for 15 minutes, and lets an administrator lift it sooner', async () => {
    const address = '10.3.0.1';
    // 48 failures from this address already (names real or not) — as if counted over the last minutes.
    await db.query(`INSERT INTO sign_in_failures (kind, key, failures, last_failure_at) VALUES ('address', $1, 48, $2)`, [
      address,
      new Date(now - 120_000).toISOString(),
    ]);
    expect(await answer('no.such.person', 'guess-49', address)).toEqual([401, 'DK_ERR_BAD_CREDENTIALS', null]);
    now += 60_000;
    expect(await answer('manager.hcm', 'guess-50', address)).toEqual([401, 'DK_ERR_BAD_CREDENTIALS', null]);
    expect(await answer('manager.hcm', DEMO_PASSWORD, address)).toEqual([429, 'DK_ERR_ADDRESS_LOCKED', '900']);
    // Another machine is not held up by it.
    expect(await answer('manager.hcm', DEMO_PASSWORD, '10.3.0.2')).toEqual([200, 'ok', null]);

    const locks = signInAddressLocks.parse((await asAdmin('GET', '/v1/admin/sign-in-locks')).json());
    expect(locks.addresses.find((a) => a.address === address)).toMatchObject({ failures: 50, locked: true });
    now += 15 * 60_000;
    expect(await answer('manager.hcm', DEMO_PASSWORD, address)).toEqual([200, 'ok', null]);

    await db.query(`UPDATE sign_in_failures SET failures = 50, last_failure_at = $2 WHERE kind = 'address' AND key = $1`, [
      address,
      new Date(now).toISOString(),
    ]);
    expect((await asAdmin('POST', '/v1/admin/sign-in-locks/unlock', { address })).statusCode).toBe(204);
    expect(await answer('manager.hcm', DEMO_PASSWORD, address)).toEqual([200, 'ok', null]);
    const [entry] = await db.query<{ action: string; target: string }>(
      `SELECT action, target FROM audit_log WHERE action = 'sign-in.address-unlocked'`,
    );
    expect(entry).toEqual({ action: 'sign-in.address-unlocked', target: `address:${address}` });
  });

  it('counts concurrent guesses at one account each in turn, so firing them at once gains nothing', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => answer('manager.benthanh', `guess-${i}`, `10.4.0.${i}`)));
    const wrong = answers.filter(([status]) => status === 401).length;
    expect(wrong).toBe(3);
    expect(answers.filter(([, code]) => code === 'DK_ERR_SIGN_IN_THROTTLED')).toHaveLength(5);
    expect((await accountRow('manager.benthanh')).signIn).toMatchObject({ failures: 3 });
  });
});

describe(`the password hashing cap on ${dbKind}`, () => {
  it('refuses sign-ins past the hashes running and waiting with 429 DK_ERR_SIGN_IN_BUSY and a retry-after, and counts none of them', async () => {
    const capped = await build({ db, passwordHashing: { concurrency: 1, maxWaiting: 1 } });
    try {
      const names = Array.from({ length: 6 }, (_, i) => `flood.${i}`);
      const answers = await Promise.all(
        names.map((username, i) =>
          capped.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: `10.5.0.${i}`, payload: { username, password: 'x' } }),
        ),
      );
      const busy = answers.filter((r) => r.statusCode === 429);
      expect(answers.filter((r) => r.statusCode === 401).length).toBeGreaterThanOrEqual(2);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      for (const r of busy) {
        expect(r.json().error.code).toBe('DK_ERR_SIGN_IN_BUSY');
        expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // A refused sign-in was never checked: it costs its account and address nothing.
      const counted = await db.query<{ key: string; failures: number }>(
        `SELECT key, failures FROM sign_in_failures WHERE kind = 'account' AND key LIKE 'flood.%' AND failures > 0`,
      );
      expect(counted.length).toBe(answers.length - busy.length);
    } finally {
      await capped.close();
    }
  });
});
