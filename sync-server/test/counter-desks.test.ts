import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetResponse, loginResponse } from '@dangky/core/protocol';
import { reference } from '@dangky/core/schemas';
import { auditPage } from '@dangky/core/audit';
import { operator } from '../src/admin/actor.ts';
import { createEnrolment, redeemEnrolment } from '../src/admin/devices.ts';
import { dbKind, harness, type Harness } from './harness.ts';

/**
 * A counter's number in the waiting room and the desks it serves: set by an administrator or the
 * site's manager, judged by core (range, each desk once, number free at the site), audited, and
 * given to the site's counters in the reference — never to a kiosk.
 */
let h: Harness;
const tokens: Record<string, string> = {};
const COUNTER = 'counter-hcm-ben-thanh-1';
let second: { id: string; auth: string };

const as = (who: string, deviceId: string, counter: unknown) =>
  h.app.inject({
    method: 'POST',
    url: `/v1/admin/devices/${deviceId}/counter`,
    headers: { authorization: `Bearer ${tokens[who]}` },
    payload: { counter },
  });
const referenceOf = async (auth: string) =>
  reference.parse((await h.app.inject({ method: 'GET', url: '/v1/reference', headers: { authorization: auth } })).json());

beforeAll(async () => {
  h = await harness();
  for (const who of ['admin.hcm', 'manager.benthanh', 'manager.hcm', 'clerk.benthanh']) {
    const res = await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: who, password: 'dangky-demo-2026' } });
    tokens[who] = loginResponse.parse(res.json()).token;
  }
  const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'counter', name: 'Quầy hai' });
  const enrolled = await redeemEnrolment(h.db, code.code);
  second = { id: enrolled.deviceId, auth: `Device ${enrolled.deviceId}:${enrolled.deviceSecret}` };
}, 120_000);
afterAll(() => h.close());

describe(`counter numbers and desks on ${dbKind}`, () => {
  it('a counter not numbered yet is absent from the reference (it serves every desk)', async () => {
    expect((await referenceOf(h.device(COUNTER).auth)).device?.counters).toEqual([]);
  });

  it('the site manager numbers a counter; the site’s counters learn it, a kiosk does not; the fleet shows it; it is audited', async () => {
    expect((await as('manager.benthanh', COUNTER, { number: 2, services: ['token', 'remote'] })).statusCode).toBe(204);
    expect((await as('admin.hcm', second.id, { number: 5, services: ['eid-level2'] })).statusCode).toBe(204);
    const expected = [
      { counterId: COUNTER, number: 2, services: ['token', 'remote'] },
      { counterId: second.id, number: 5, services: ['eid-level2'] },
    ];
    expect((await referenceOf(h.device(COUNTER).auth)).device?.counters).toEqual(expected);
    expect((await referenceOf(second.auth)).device?.counters).toEqual(expected);
    expect((await referenceOf(h.device('kiosk-hcm-ben-thanh-1').auth)).device?.counters).toBeUndefined();
    // Another site's counter sees only its own site's.
    expect((await referenceOf(h.device('counter-hcm-book-fair-1').auth)).device?.counters).toEqual([]);

    const fleet = fleetResponse.parse(
      (await h.app.inject({ method: 'GET', url: '/v1/admin/devices', headers: { authorization: `Bearer ${tokens['admin.hcm']}` } })).json(),
    );
    expect(fleet.devices.find((d) => d.id === COUNTER)?.counter).toEqual({ number: 2, services: ['token', 'remote'] });
    expect(fleet.devices.find((d) => d.id === 'kiosk-hcm-ben-thanh-1')?.counter).toBeNull();

    const audit = auditPage.parse(
      (
        await h.app.inject({
          method: 'GET',
          url: '/v1/admin/audit?action=device.counter-set',
          headers: { authorization: `Bearer ${tokens['admin.hcm']}` },
        })
      ).json(),
    );
    const mine = audit.entries.find((e) => e.target === `device:${COUNTER}`);
    expect(mine).toMatchObject({ actorId: 'manager.benthanh', siteId: 'hcm-ben-thanh' });
    expect(mine?.detail).toEqual({ numberBefore: null, servicesBefore: null, number: 2, services: ['token', 'remote'] });
  });

  it.each([
    ['another counter’s number', { number: 5, services: ['token'] }, 409, 'DK_ERR_COUNTER_NUMBER_TAKEN'],
    ['number 0', { number: 0, services: ['token'] }, 422, 'DK_ERR_COUNTER_SETTING_INVALID'],
    ['no desk', { number: 3, services: [] }, 422, 'DK_ERR_COUNTER_SETTING_INVALID'],
    ['a desk twice', { number: 3, services: ['token', 'token'] }, 422, 'DK_ERR_COUNTER_SETTING_INVALID'],
    ['an unknown desk', { number: 3, services: ['passport'] }, 422, 'DK_ERR_COUNTER_SETTING_INVALID'],
    ['no setting at all', undefined, 400, 'DK_ERR_VALIDATION'],
  ])('refuses %s and changes nothing', async (_name, counter, status, code) => {
    const before = await h.db.query('SELECT count(*)::int AS n FROM audit_log');
    const res = await as('admin.hcm', COUNTER, counter);
    expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
    expect((await referenceOf(h.device(COUNTER).auth)).device?.counters?.find((c) => c.counterId === COUNTER)?.number).toBe(2);
    expect(await h.db.query('SELECT count(*)::int AS n FROM audit_log')).toEqual(before);
  });

  it('refuses a kiosk, a city manager (reads only) and a clerk', async () => {
    const kiosk = await as('admin.hcm', 'kiosk-hcm-ben-thanh-1', { number: 9, services: ['token'] });
    expect([kiosk.statusCode, kiosk.json().error.code]).toEqual([422, 'DK_ERR_NOT_A_COUNTER']);
    for (const who of ['manager.hcm', 'clerk.benthanh']) {
      const res = await as(who, COUNTER, { number: 9, services: ['token'] });
      expect([res.statusCode, res.json().error.code]).toEqual([403, 'DK_ERR_FORBIDDEN']);
    }
  });

  it('the same number at another site is free; clearing a number frees it; a counter moved to another site loses its number', async () => {
    expect((await as('admin.hcm', 'counter-hcm-book-fair-1', { number: 2, services: ['token'] })).statusCode).toBe(204);
    expect((await as('admin.hcm', COUNTER, null)).statusCode).toBe(204);
    expect((await referenceOf(h.device(COUNTER).auth)).device?.counters?.map((c) => c.number)).toEqual([5]);
    expect((await as('admin.hcm', second.id, { number: 2, services: ['token'] })).statusCode).toBe(204);
    const moved = await h.app.inject({
      method: 'POST',
      url: `/v1/admin/devices/${second.id}`,
      headers: { authorization: `Bearer ${tokens['admin.hcm']}` },
      payload: { siteId: 'hcm-book-fair' },
    });
    expect(moved.statusCode).toBe(204);
    expect((await referenceOf(second.auth)).device?.counters).toEqual([
      { counterId: 'counter-hcm-book-fair-1', number: 2, services: ['token'] },
    ]);
  });
});
