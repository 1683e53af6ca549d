import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@dangky/core/protocol';
import { reference } from '@dangky/core/schemas';
import { hcmDay } from '@dangky/core/time';
import { deviceEvents } from './events.ts';
import { dbKind, harness, type Harness } from './harness.ts';

/**
 * A kiosk learns how its site's waiting room stands with its reference data — counts only (tickets
 * waiting, counters that called today, today's median service time) — for the wait it prints on
 * the ticket; no other device gets them, and no registration's content is in them.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-book-fair-1';
const COUNTER = 'counter-hcm-book-fair-1';

async function referenceOf(deviceId: string) {
  const res = await h.app.inject({ method: 'GET', url: routes.reference, headers: { authorization: h.device(deviceId).auth } });
  expect(res.statusCode).toBe(200);
  return { body: res.body, parsed: reference.parse(res.json()) };
}

async function push(deviceId: string, events: unknown[]) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/sync/push',
    headers: { authorization: h.device(deviceId).auth },
    payload: { deviceId, events },
  });
  expect((res.json() as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(events.map(() => 'accepted'));
}

describe(`the kiosk's wait figures on ${dbKind}`, () => {
  it('count the waiting tickets, the counters that called and the median service time of today', async () => {
    const before = (await referenceOf(KIOSK)).parsed.device!.waitFigures!;
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const day = hcmDay(new Date(now));
    const kiosk = deviceEvents(KIOSK);
    const counter = deviceEvents(COUNTER);
    const subs = [1, 2, 3].map((n) => kiosk.submitted({ siteId: 'hcm-book-fair', ticket: `B-9${n}0`, day, at: at(9) }));
    await push(KIOSK, subs);
    const first = subs[0]!.payload.registrationId;
    await push(COUNTER, [counter.called(first, 'clerk.hoisach', at(8)), counter.issued(first, 'clerk.hoisach', at(4))]);

    const { body, parsed } = await referenceOf(KIOSK);
    const after = parsed.device!.waitFigures!;
    expect(after.waiting).toBe(before.waiting + 2);
    expect(after.counters).toBeGreaterThanOrEqual(1);
    expect(after.services).toBe(before.services + 1);
    // The only service today took 4 minutes: its bucket is [3, 5) min.
    if (before.services === 0) expect(after.medianServiceSeconds).toBeGreaterThanOrEqual(180);
    expect(Math.abs(Date.parse(after.at) - Date.now())).toBeLessThan(60_000);
    // Counts only: nothing of the citizens who registered.
    expect(body).not.toContain('Nguyễn Văn Thử');
    expect(body).not.toContain(first);
  });

  it('are for kiosks only', async () => {
    expect((await referenceOf(COUNTER)).parsed.device).not.toHaveProperty('waitFigures');
  });
});
