import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { counterPausesResponse, loginResponse, routes } from '@dangky/core/protocol';
import { hcmDay } from '@dangky/core/time';
import { readBoard } from '../src/board/read-board.ts';
import { siteWaitFigures } from '../src/routes/site-wait-figures.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * A counter's break: posted by the counter with the clerk and the time, each change answered like
 * a pushed event and audited; a call the counter made inside a break is refused at ingest; the
 * call display lists the counter as paused, and the kiosk's wait counts it out.
 */
let h: Harness;
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const SITE = 'hcm-ben-thanh';
const kiosk = deviceEvents(KIOSK);
const counter = deviceEvents(COUNTER);
let ticket = 0;

const change = (paused: boolean, at: string, extra: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  counterId: COUNTER,
  operatorId: 'clerk.benthanh',
  paused,
  at,
  ...extra,
});
const post = async (changes: unknown[], deviceId = COUNTER) => {
  const res = await h.app.inject({
    method: 'POST',
    url: routes.counterPauses,
    headers: { authorization: h.device(deviceId).auth },
    payload: { changes },
  });
  return res;
};
const answers = async (changes: unknown[]) => {
  const res = await post(changes);
  expect(res.statusCode).toBe(200);
  const body = counterPausesResponse.parse(res.json());
  return { codes: body.results.map((r) => (r.status === 'rejected' ? r.code : r.status)), pause: body.pause };
};
const waiting = async (day: string, at: string) => {
  const s = kiosk.submitted({ siteId: SITE, ticket: `A-${700 + ++ticket}`, day, at });
  expect(await h.push(KIOSK, [s])).toEqual(['accepted']);
  return s.payload.registrationId;
};

beforeAll(async () => {
  h = await harness();
}, 120_000);
afterAll(() => h.close());

describe(`a counter's break on ${dbKind}`, () => {
  it('is recorded once per change, with the clerk, in the audit log; a second pause or a resume of a counter not on a break is refused', async () => {
    const pause = change(true, '2026-11-23T02:00:00.000Z');
    expect(await answers([pause])).toEqual({ codes: ['accepted'], pause: { since: pause.at, operatorId: 'clerk.benthanh' } });
    // Posted again (its answer was lost): stored once; the same id with other content is a conflict.
    const again = await answers([pause, { ...pause, paused: false }]);
    expect(again.codes).toEqual(['duplicate', 'DK_ERR_EVENT_ID_CONFLICT']);
    expect((await answers([change(true, '2026-11-23T02:05:00.000Z')])).codes).toEqual(['DK_ERR_COUNTER_ALREADY_PAUSED']);
    const resume = change(false, '2026-11-23T02:15:00.000Z');
    expect(await answers([resume, change(false, '2026-11-23T02:16:00.000Z')])).toEqual({
      codes: ['accepted', 'DK_ERR_COUNTER_NOT_PAUSED'],
      pause: null,
    });
    const rows = await h.db.query<{ action: string; actor_id: string; target: string }>(
      "SELECT action, actor_id, target FROM audit_log WHERE action LIKE 'counter.%' ORDER BY seq",
    );
    expect(rows).toEqual([
      { action: 'counter.paused', actor_id: 'clerk.benthanh', target: `device:${COUNTER}` },
      { action: 'counter.resumed', actor_id: 'clerk.benthanh', target: `device:${COUNTER}` },
    ]);
    await expect(h.db.query('DELETE FROM counter_pauses')).rejects.toThrow(/append-only/);
  });

  it('is posted only by the counter itself, naming someone who works there', async () => {
    expect((await post([change(true, '2026-11-23T03:00:00.000Z')], KIOSK)).statusCode).toBe(403);
    expect((await answers([change(true, '2026-11-23T03:00:00.000Z', { counterId: 'counter-hcm-book-fair-1' })])).codes).toEqual([
      'DK_ERR_EVENT_DEVICE_MISMATCH',
    ]);
    expect((await answers([change(true, '2026-11-23T03:00:00.000Z', { operatorId: 'nobody.here' })])).codes).toEqual([
      'DK_ERR_UNKNOWN_OPERATOR',
    ]);
    expect((await post([{ ...change(true, '2026-11-23T03:00:00.000Z'), id: 'not-a-uuid' }])).statusCode).toBe(400);
  });

  it('refuses a call made inside the break, not one made before it began or after it ended', async () => {
    const day = '2026-11-24';
    const at = (minute: number) => `${day}T02:${String(minute).padStart(2, '0')}:00.000Z`;
    const [a, b, c] = [await waiting(day, at(0)), await waiting(day, at(0)), await waiting(day, at(0))];
    // The counter posts its break first, then pushes what it recorded before and after it.
    expect((await answers([change(true, at(10)), change(false, at(20))])).codes).toEqual(['accepted', 'accepted']);
    expect(await h.push(COUNTER, [counter.called(a, 'clerk.benthanh', at(5))])).toEqual(['accepted']);
    expect(await h.push(COUNTER, [counter.called(b, 'clerk.benthanh', at(15))])).toEqual(['DK_ERR_QUEUE_COUNTER_PAUSED']);
    expect(await h.push(COUNTER, [counter.called(c, 'clerk.benthanh', at(25))])).toEqual(['accepted']);
  });

  it('shows on the call display as paused, its last call no longer served there, and leaves the kiosk’s wait', async () => {
    // Every time below lies on one Ho Chi Minh day: in the half hour after its midnight, "30 minutes
    // ago" would be yesterday, when no counter had called today yet.
    const midnight = Date.parse(`${hcmDay(new Date())}T00:00:00+07:00`);
    const now = new Date(Math.max(Date.now(), midnight + 31 * 60_000));
    const day = hcmDay(now);
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
    const served = await waiting(day, minutesAgo(30));
    await waiting(day, minutesAgo(29));
    expect(await h.push(COUNTER, [counter.called(served, 'clerk.benthanh', minutesAgo(20))])).toEqual(['accepted']);
    expect((await siteWaitFigures(h.db, SITE, now)).counters).toBe(1);
    expect((await readBoard(h.db, SITE, now)).current.map((x) => x.counterId)).toEqual([COUNTER]);

    // The service's end has not reached the server yet: the break posted first still takes the counter off.
    const pause = change(true, minutesAgo(10));
    expect((await answers([pause])).codes).toEqual(['accepted']);
    const board = await readBoard(h.db, SITE, now);
    // With the change that began it, which the display weighs against the changes counters relay to it.
    expect(board.paused).toEqual([expect.objectContaining({ counterId: COUNTER, since: minutesAgo(10), changeId: pause.id })]);
    expect(board.resumed.map((r) => r.counterId)).not.toContain(COUNTER);
    expect(board.current).toEqual([]);
    expect((await siteWaitFigures(h.db, SITE, now)).counters).toBe(0);

    // The kiosk hears it with its reference data.
    const ref = await h.app.inject({ method: 'GET', url: routes.reference, headers: { authorization: h.device(KIOSK).auth } });
    expect(ref.json()).toMatchObject({ device: { waitFigures: { counters: 0 } } });

    const resume = change(false, minutesAgo(1));
    expect((await answers([resume])).codes).toEqual(['accepted']);
    const after = await readBoard(h.db, SITE, now);
    expect(after.paused).toEqual([]);
    // The end of the break too, so a display that missed it over the site network learns of it here.
    expect(after.resumed).toEqual([{ counterId: COUNTER, changeId: resume.id, at: minutesAgo(1) }]);
    expect((await siteWaitFigures(h.db, SITE, now)).counters).toBe(1);
  });

  it('is judged by the sign-ins: a clerk not signed in on the counter then cannot have paused it', async () => {
    const strict = await harness({ shifts: 'none' });
    try {
      const d = strict.demo.devices.find((x) => x.id === COUNTER)!;
      const authorization = `Device ${d.id}:${d.secret}`;
      const postStrict = (at: string) =>
        strict.app.inject({
          method: 'POST',
          url: routes.counterPauses,
          headers: { authorization },
          payload: { changes: [change(true, at)] },
        });
      const before = counterPausesResponse.parse((await postStrict(new Date().toISOString())).json());
      expect(before.results[0]).toMatchObject({ status: 'rejected', code: 'DK_ERR_OPERATOR_NOT_SIGNED_IN' });
      const login = await strict.app.inject({
        method: 'POST',
        url: routes.login,
        headers: { authorization },
        payload: { username: 'clerk.benthanh', password: strict.demo.staff.find((s) => s.username === 'clerk.benthanh')!.password },
      });
      loginResponse.parse(login.json());
      const after = counterPausesResponse.parse((await postStrict(new Date().toISOString())).json());
      expect(after.results[0]).toMatchObject({ status: 'accepted' });
    } finally {
      await strict.close();
    }
  });
});
