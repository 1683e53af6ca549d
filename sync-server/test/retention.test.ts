import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponse, pullResponse, routes } from '@dangky/core/protocol';
import { shredExpired } from '../src/privacy/retention.ts';
import { processServerKeys } from '../src/privacy/server-keys.ts';
import { withUnwrappedKeyCache } from '../src/privacy/unwrapped-key-cache.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Retention by crypto-shredding: once a registration is past its period its data key is
 * destroyed; its state and events stay stored but no longer open — not through the pull, not
 * through a staff route, not for the server itself — and nothing more can be recorded about it.
 * The counts, which hold no personal data, do not move.
 *
 * The server here keeps recently unwrapped data keys in memory, as it does with a token: a key
 * the pulls had just used must still be gone once shredded.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness({ serverKeys: withUnwrappedKeyCache(processServerKeys()) });
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const kiosk = deviceEvents(KIOSK, 700);
const counter = deviceEvents(COUNTER, 700);
const day = '2026-08-01';
const at = (hh: number) => `2026-08-01T0${hh}:00:00.000Z`;
const DAY_MS = 86_400_000;
const policy = { completedDays: 90, cancelledDays: 30 };

async function pulledIds(): Promise<string[]> {
  const res = await h.app.inject({ method: 'GET', url: `${routes.pull}?limit=500`, headers: await h.pullHeaders(COUNTER) });
  return pullResponse.parse(res.json()).registrations.map((r) => r.registrationId);
}

async function registered(ticket: string): Promise<string> {
  const submitted = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket, day, at: at(1) });
  expect(await h.push(KIOSK, [submitted])).toEqual(['accepted']);
  return submitted.payload.registrationId;
}

const counts = async () =>
  h.db.query<{ service: string; n: number }>(
    "SELECT service, sum(completed)::int AS n FROM daily_counts WHERE site_id = 'hcm-ben-thanh' GROUP BY service ORDER BY service",
  );

describe(`retention on ${dbKind}`, () => {
  it('erases what is past its period — completed, cancelled, never finished — and keeps the rest and the counts', async () => {
    const completed = await registered('A-601');
    expect(
      await h.push(COUNTER, [counter.called(completed, 'clerk.benthanh', at(2)), counter.issued(completed, 'clerk.benthanh', at(3))]),
    ).toEqual(['accepted', 'accepted']);
    const cancelled = await registered('A-602');
    expect(await h.push(COUNTER, [counter.cancelled(cancelled, 'clerk.benthanh', at(2))])).toEqual(['accepted']);
    const waiting = await registered('A-603');
    const before = await counts();
    const finished = Date.parse(at(3));

    // 40 days on: only the cancelled one (30 days) and the one never served are due.
    expect(await shredExpired(h.db, policy, new Date(finished + 40 * DAY_MS))).toBe(2);
    expect(await pulledIds()).toContain(completed);
    expect(await pulledIds()).not.toContain(cancelled);
    expect(await pulledIds()).not.toContain(waiting);
    // 91 days on: the completed one too; a second run finds nothing more.
    expect(await shredExpired(h.db, policy, new Date(finished + 91 * DAY_MS))).toBe(1);
    expect(await shredExpired(h.db, policy, new Date(finished + 92 * DAY_MS))).toBe(0);
    expect(await pulledIds()).not.toContain(completed);
    expect(await counts()).toEqual(before);

    // The server itself no longer opens what it stored about them.
    const [state] = await h.db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [completed]);
    await expect(h.open(completed, state!.state)).rejects.toMatchObject({ code: 'DK_ERR_PERSONAL_DATA_ERASED' });
    const [event] = await h.db.query<{ payload: unknown }>(
      "SELECT payload FROM events WHERE registration_id = $1 AND type = 'token.issued'",
      [completed],
    );
    await expect(h.open(completed, event!.payload)).rejects.toMatchObject({ code: 'DK_ERR_PERSONAL_DATA_ERASED' });
  });

  it('refuses anything more about an erased registration, on the push and on the staff routes', async () => {
    const id = await registered('A-610');
    expect(await shredExpired(h.db, policy, new Date(Date.parse(at(1)) + 31 * DAY_MS))).toBeGreaterThanOrEqual(1);
    expect(await h.push(COUNTER, [counter.called(id, 'clerk.benthanh', at(4))])).toEqual(['DK_ERR_PERSONAL_DATA_ERASED']);
    const login = await h.app.inject({
      method: 'POST',
      url: routes.login,
      payload: { username: 'clerk.benthanh', password: 'dangky-demo-2026' },
    });
    const token = loginResponse.parse(login.json()).token;
    const holdings = await h.app.inject({
      method: 'POST',
      url: routes.citizenHoldings,
      headers: { authorization: `Bearer ${token}` },
      payload: { registrationId: id },
    });
    expect([holdings.statusCode, (holdings.json() as { error: { code: string } }).error.code]).toEqual([
      410,
      'DK_ERR_PERSONAL_DATA_ERASED',
    ]);
  });
});
