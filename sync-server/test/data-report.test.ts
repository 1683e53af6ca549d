import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenDataReport, loginResponse, routes } from '@dangky/core/protocol';
import { shredExpired } from '../src/privacy/retention.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * A citizen's data report: with the citizen in front of them, a manager types the ID number and
 * sees every registration held for it in their scope (their site; a city manager, their
 * province) — the fields, the provider the data went to, when it will be erased — and one already
 * erased listed without values. Clerks cannot ask, and each report is in the audit log without
 * the number.
 */
let h: Harness;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  h = await harness();
  for (const username of ['manager.benthanh', 'clerk.benthanh', 'manager.hcm']) {
    const res = await h.app.inject({ method: 'POST', url: routes.login, payload: { username, password: 'dangky-demo-2026' } });
    tokens[username] = `Bearer ${loginResponse.parse(res.json()).token}`;
  }
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const kiosk = deviceEvents(KIOSK, 800);
const counter = deviceEvents(COUNTER, 800);
const ID_NUMBER = '079188001122';

const report = (who: string, idNumber = ID_NUMBER) =>
  h.app.inject({ method: 'POST', url: routes.citizenDataReport, headers: { authorization: tokens[who]! }, payload: { idNumber } });

describe(`a citizen's data report on ${dbKind}`, () => {
  it('lists what is held for the ID number in the manager’s scope, where it went and when it goes; erased ones without values', async () => {
    const old = kiosk.submitted({
      siteId: 'hcm-ben-thanh',
      ticket: 'A-801',
      day: '2026-07-01',
      at: '2026-07-01T02:00:00.000Z',
      idNumber: ID_NUMBER,
    });
    const recent = kiosk.submitted({
      siteId: 'hcm-ben-thanh',
      ticket: 'A-802',
      day: '2026-11-20',
      at: '2026-11-20T02:00:00.000Z',
      idNumber: ID_NUMBER,
    });
    const someoneElse = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-803', day: '2026-11-20', at: '2026-11-20T02:00:00.000Z' });
    expect(await h.push(KIOSK, [old, recent, someoneElse])).toEqual(['accepted', 'accepted', 'accepted']);
    const oldId = old.payload.registrationId;
    const recentId = recent.payload.registrationId;
    expect(await h.push(COUNTER, [counter.cancelled(oldId, 'clerk.benthanh', '2026-07-01T03:00:00.000Z')])).toEqual(['accepted']);
    expect(
      await h.push(COUNTER, [
        counter.called(recentId, 'clerk.benthanh', '2026-11-20T02:10:00.000Z'),
        counter.issued(recentId, 'clerk.benthanh', '2026-11-20T02:20:00.000Z'),
      ]),
    ).toEqual(['accepted', 'accepted']);
    // The cancelled one is past its 30 days on 2026-12-01; the completed one is not.
    await shredExpired(h.db, { completedDays: 90, cancelledDays: 30 }, new Date('2026-12-01T00:00:00.000Z'));

    const res = await report('manager.benthanh');
    expect(res.statusCode).toBe(200);
    const body = citizenDataReport.parse(res.json());
    expect(body.registrations.map((r) => [r.ticket, r.status, r.erased])).toEqual([
      ['A-801', 'cancelled', true],
      ['A-802', 'completed', false],
    ]);
    const [erased, held] = body.registrations as [(typeof body.registrations)[0], (typeof body.registrations)[0]];
    expect(erased).toMatchObject({ held: null, service: null, sentTo: null });
    expect(held).toMatchObject({
      sentTo: 'vnpt',
      finishedAt: '2026-11-20T02:20:00.000Z',
      eraseAfter: '2027-02-18',
      held: { identity: { idNumber: ID_NUMBER, fullName: 'Nguyễn Văn Thử' }, contact: { phone: '0912345678' } },
    });
    expect(held.held?.consent.textVersion).toBeTruthy();

    // Audited without the number or any value.
    const [entry] = await h.db.query<{ action: string; detail: unknown }>(
      "SELECT action, detail::text AS detail FROM audit_log WHERE action = 'citizen.data-reported' ORDER BY seq DESC LIMIT 1",
    );
    expect(entry?.action).toBe('citizen.data-reported');
    expect(String(entry?.detail)).not.toContain(ID_NUMBER);
    expect(String(entry?.detail)).toContain('2');
  });

  it('is for managers only — a city manager sees their province — and refuses a malformed number', async () => {
    expect((await report('clerk.benthanh')).statusCode).toBe(403);
    const province = citizenDataReport.parse((await report('manager.hcm')).json());
    expect(province.registrations.map((r) => r.ticket)).toEqual(['A-801', 'A-802']);
    expect(citizenDataReport.parse((await report('manager.hcm', '079188009999')).json()).registrations).toEqual([]);
    expect((await report('manager.benthanh', '12345')).statusCode).toBe(400);
  });
});
