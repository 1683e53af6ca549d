import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolResponse, loginResponse, routePath, routes } from '@dangky/core/protocol';
import { callBoard, estimateWait, USUAL_SERVICE_SECONDS } from '@dangky/core/queue';
import { hcmDay } from '@dangky/core/time';
import { deviceEvents } from './events.ts';
import { dbKind, harness, type Harness } from './harness.ts';

/**
 * The waiting room's call display: enrolled by one-time code like a kiosk, as a kind of its own
 * that records nothing and pulls no queue; it reads its own site's call board — numbers,
 * counters, the citizen's language for the announcement and counts per desk, nothing that names
 * anyone — and no other kind of device may.
 */
let h: Harness;
let display: { id: string; auth: string };
let admin: string;

const KIOSK = 'kiosk-hcm-book-fair-1';
const COUNTER = 'counter-hcm-book-fair-1';
const board = (authorization?: string) =>
  h.app.inject({ method: 'GET', url: routes.board, headers: authorization ? { authorization } : {} });

beforeAll(async () => {
  h = await harness();
  const login = await h.app.inject({ method: 'POST', url: routes.login, payload: { username: 'admin.hcm', password: 'dangky-demo-2026' } });
  admin = loginResponse.parse(login.json()).token;
  const made = await h.app.inject({
    method: 'POST',
    url: routes.adminEnrolments,
    headers: { authorization: `Bearer ${admin}` },
    payload: { siteId: 'hcm-book-fair', kind: 'display', name: 'Màn hình phòng chờ' },
  });
  expect(made.statusCode).toBe(201);
  expect(made.json()).toMatchObject({ kind: 'display', ticketPrefix: null });
  const redeemed = await h.app.inject({ method: 'POST', url: routes.enrol, payload: { code: (made.json() as { code: string }).code } });
  expect(redeemed.statusCode).toBe(200);
  const enrolled = enrolResponse.parse(redeemed.json());
  expect(enrolled).toMatchObject({ kind: 'display', siteId: 'hcm-book-fair', ticketPrefix: null });
  display = { id: enrolled.deviceId, auth: `Device ${enrolled.deviceId}:${enrolled.deviceSecret}` };
});
afterAll(() => h.close());

describe(`the call display on ${dbKind}`, () => {
  it('records nothing and pulls no queue', async () => {
    const ev = deviceEvents(display.id).submitted({
      siteId: 'hcm-book-fair',
      ticket: 'B-701',
      day: hcmDay(new Date()),
      at: new Date().toISOString(),
    });
    const pushed = await h.app.inject({
      method: 'POST',
      url: routes.push,
      headers: { authorization: display.auth },
      payload: { deviceId: display.id, events: [ev] },
    });
    expect(pushed.statusCode).toBe(200);
    expect((pushed.json() as { results: { code?: string }[] }).results[0]!.code).toBe('DK_ERR_DEVICE_KIND_FORBIDDEN');
    const pulled = await h.app.inject({ method: 'GET', url: routes.pull, headers: { authorization: display.auth } });
    expect(pulled.statusCode).toBe(403);
    expect(pulled.json()).toMatchObject({ error: { code: 'DK_ERR_DEVICE_KIND_FORBIDDEN' } });
  });

  it('is the only device that reads the board', async () => {
    expect((await board()).statusCode).toBe(401);
    for (const id of [KIOSK, COUNTER]) {
      const res = await board(h.device(id).auth);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'DK_ERR_DEVICE_KIND_FORBIDDEN' } });
    }
  });

  it("shows its site's calls with their counter and language, recalls, and the tickets waiting per desk — nothing personal", async () => {
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const day = hcmDay(new Date(now));
    const kiosk = deviceEvents(KIOSK, 100);
    const counter = deviceEvents(COUNTER, 100);
    const english = kiosk.submitted({ siteId: 'hcm-book-fair', ticket: 'B-801', day, at: at(20) });
    (english.payload as { language: string }).language = 'en';
    const token = kiosk.submitted({ siteId: 'hcm-book-fair', ticket: 'B-802', day, at: at(19) });
    const eid = kiosk.submitted({ siteId: 'hcm-book-fair', ticket: 'B-803', day, at: at(18), eid: true });
    expect(await h.push(KIOSK, [english, token, eid])).toEqual(['accepted', 'accepted', 'accepted']);
    // Another site's call is not on this display's board.
    const elsewhere = deviceEvents('kiosk-hcm-ben-thanh-1', 100).submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-801', day, at: at(17) });
    expect(await h.push('kiosk-hcm-ben-thanh-1', [elsewhere])).toEqual(['accepted']);
    const otherCall = deviceEvents('counter-hcm-ben-thanh-1', 100).called(elsewhere.payload.registrationId, 'clerk.benthanh', at(10));
    expect(await h.push('counter-hcm-ben-thanh-1', [otherCall])).toEqual(['accepted']);

    const call = counter.called(english.payload.registrationId, 'clerk.hoisach', at(9));
    expect(await h.push(COUNTER, [call])).toEqual(['accepted']);
    const first = await board(display.auth);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const b1 = callBoard.parse(first.json());
    expect(b1.siteId).toBe('hcm-book-fair');
    const shown = {
      eventId: call.id,
      ticketNumber: 'B-801',
      counterId: COUNTER,
      counterName: 'Quầy 1',
      counterNumber: null,
      calledAt: call.occurredAt,
      language: 'en',
      recall: false,
    };
    expect(b1.current).toEqual([shown]);
    expect(b1.recent).toEqual([shown]);
    // About how long a ticket taken now would wait: the counter that called today serves every
    // desk (none set yet); no service measured today, so the usual time, and the kiosk's estimate.
    const usual = (ahead: number) => {
      const e = estimateWait({ ahead, counters: 1, measured: null, usualServiceSeconds: USUAL_SERVICE_SECONDS });
      return e.kind === 'range' ? { lowMinutes: e.lowMinutes, highMinutes: e.highMinutes, basis: 'usual' } : null;
    };
    expect(b1.waiting).toEqual([
      { desk: 'eid-level2', count: 1, wait: usual(1) },
      { desk: 'token', count: 1, wait: usual(1) },
    ]);

    // Recalled: announced again (a new call), still the one ticket being served.
    const again = counter.called(english.payload.registrationId, 'clerk.hoisach', at(7));
    expect(await h.push(COUNTER, [again])).toEqual(['accepted']);
    const b2 = callBoard.parse((await board(display.auth)).json());
    expect(b2.current).toEqual([{ ...shown, eventId: again.id, calledAt: again.occurredAt, recall: true }]);
    expect(b2.recent.map((c) => [c.eventId, c.recall])).toEqual([
      [again.id, true],
      [call.id, false],
    ]);

    // Served: off the current calls, still among the latest; the next call takes the counter.
    const next = counter.called(token.payload.registrationId, 'clerk.hoisach', at(2));
    expect(await h.push(COUNTER, [counter.issued(english.payload.registrationId, 'clerk.hoisach', at(3)), next])).toEqual([
      'accepted',
      'accepted',
    ]);
    const res = await board(display.auth);
    const b3 = callBoard.parse(res.json());
    expect(b3.current.map((c) => c.ticketNumber)).toEqual(['B-802']);
    expect(b3.recent.map((c) => c.ticketNumber)).toEqual(['B-802', 'B-801', 'B-801']);
    // One service measured today: too few to go by, still the usual time.
    expect(b3.waiting).toEqual([{ desk: 'eid-level2', count: 1, wait: usual(1) }]);
    // Once the site gives the counter a number, the board shows and announces that number.
    const numbered = await h.app.inject({
      method: 'POST',
      url: routePath(routes.adminDeviceCounter, { deviceId: COUNTER }),
      headers: { authorization: `Bearer ${admin}` },
      payload: { counter: { number: 4, services: ['token', 'eid-level2'] } },
    });
    expect(numbered.statusCode).toBeLessThan(300);
    const b4 = callBoard.parse((await board(display.auth)).json());
    expect(b4.current.map((c) => [c.ticketNumber, c.counterNumber, c.counterName])).toEqual([['B-802', 4, 'Quầy 1']]);
    // Set to the token desk only, the counter serves no e-ID citizen: no number can be honest for that desk.
    const tokenOnly = await h.app.inject({
      method: 'POST',
      url: routePath(routes.adminDeviceCounter, { deviceId: COUNTER }),
      headers: { authorization: `Bearer ${admin}` },
      payload: { counter: { number: 4, services: ['token'] } },
    });
    expect(tokenOnly.statusCode).toBeLessThan(300);
    expect(callBoard.parse((await board(display.auth)).json()).waiting).toEqual([{ desk: 'eid-level2', count: 1, wait: null }]);
    for (const personal of ['Nguyễn Văn Thử', english.payload.identity.idNumber, '0912345678', english.payload.registrationId, 'A-801'])
      expect(res.body).not.toContain(personal);
  });
});
