import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponse, pullResponse, routes, STAFF_SESSION_HEADER } from '@dangky/core/protocol';
import { SIGN_IN_CLOCK_SLACK_MS } from '@dangky/core/admin';
import { operator } from '../src/admin/actor.ts';
import { createEnrolment, redeemEnrolment } from '../src/admin/devices.ts';
import { setStaffDisabled } from '../src/admin/staff.ts';
import { SESSION_HOURS } from '../src/auth/staff-auth.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Actions bound to a person: an event naming an operator is accepted only from a device on which
 * that person signed in (through the device, so the server bound the session to it), at the
 * event's time, in a role that records it, at the device's site. A counter pulls its site's queue
 * only with such a live session. No standing sign-ins here: every one is made by signing in.
 */
let h: Harness;
const T0 = Date.parse('2026-11-23T02:00:00.000Z');
let clock = new Date(T0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const FAIR_KIOSK = 'kiosk-hcm-book-fair-1';
const FAIR_COUNTER = 'counter-hcm-book-fair-1';
const PASSWORD = 'dangky-demo-2026';
/** A second counter at Bến Thành, enrolled by the test. */
let second: { id: string; auth: string };

const kiosk = deviceEvents(KIOSK, 100);
const counter = deviceEvents(COUNTER, 100);
const fairKiosk = deviceEvents(FAIR_KIOSK, 100);
const fairCounter = deviceEvents(FAIR_COUNTER, 100);

/** Signs in, through a device when its authorization is given; the session's token, or the refusal. */
async function signIn(username: string, deviceAuth?: string) {
  const res = await h.app.inject({
    method: 'POST',
    url: routes.login,
    ...(deviceAuth ? { headers: { authorization: deviceAuth } } : {}),
    payload: { username, password: PASSWORD },
  });
  return res.statusCode === 200 ? loginResponse.parse(res.json()).token : { status: res.statusCode, code: res.json().error.code as string };
}
const token = async (username: string, deviceAuth?: string) => {
  const t = await signIn(username, deviceAuth);
  if (typeof t !== 'string') throw new Error(`${username} could not sign in: ${t.code}`);
  return t;
};

let ticket = 0;
/** A waiting registration at a site, submitted by its kiosk at 01:30 UTC. */
async function waiting(site: 'ben-thanh' | 'book-fair'): Promise<string> {
  const [events, kioskId, siteId, prefix] =
    site === 'ben-thanh' ? [kiosk, KIOSK, 'hcm-ben-thanh', 'A'] : [fairKiosk, FAIR_KIOSK, 'hcm-book-fair', 'B'];
  const submitted = events.submitted({ siteId, ticket: `${prefix}-${String(++ticket).padStart(3, '0')}`, day: '2026-11-23', at: at(-30) });
  expect(await h.push(kioskId, [submitted])).toEqual(['accepted']);
  return submitted.payload.registrationId;
}

const pull = (headers: Record<string, string>, cursor?: string) =>
  h.app.inject({ method: 'GET', url: `${routes.pull}?limit=500${cursor ? `&cursor=${cursor}` : ''}`, headers });

let clerkOnCounter: string;
beforeAll(async () => {
  h = await harness({ shifts: 'none', now: () => clock });
  const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'counter', name: 'Quầy 2' });
  const d = await redeemEnrolment(h.db, code.code);
  second = { id: d.deviceId, auth: `Device ${d.deviceId}:${d.deviceSecret}` };
  // At 09:00 in Ho Chi Minh City the shift begins: each signs in on the counter they work at.
  clerkOnCounter = await token('clerk.benthanh', h.device(COUNTER).auth);
  await token('manager.benthanh', second.auth);
  await token('admin.hcm', h.device(COUNTER).auth);
  await token('clerk.hoisach', h.device(COUNTER).auth);
});
afterAll(() => h.close());

describe(`an event names its operator only if they were signed in on the device, on ${dbKind}`, () => {
  const slack = SIGN_IN_CLOCK_SLACK_MS / 60_000;
  const end = SESSION_HOURS * 60;
  it.each([
    ['the clerk signed in on this counter', 'clerk.benthanh', 60, 'accepted'],
    ['the clerk, at the first minute of the slack before the sign-in', 'clerk.benthanh', -slack, 'accepted'],
    ['the clerk, before signing in', 'clerk.benthanh', -slack - 1, 'DK_ERR_OPERATOR_NOT_SIGNED_IN'],
    ['the clerk, within the slack after the session expired', 'clerk.benthanh', end + slack, 'accepted'],
    ['the clerk, after the session expired', 'clerk.benthanh', end + slack + 1, 'DK_ERR_OPERATOR_NOT_SIGNED_IN'],
    ['a manager signed in on the other counter of the site', 'manager.benthanh', 60, 'DK_ERR_OPERATOR_NOT_SIGNED_IN'],
    ['a city manager signed in nowhere', 'manager.hcm', 60, 'DK_ERR_OPERATOR_NOT_SIGNED_IN'],
    ['an administrator signed in on this counter', 'admin.hcm', 60, 'DK_ERR_OPERATOR_ROLE'],
    ["another site's clerk signed in on this counter", 'clerk.hoisach', 60, 'DK_ERR_UNKNOWN_OPERATOR'],
    ['nobody the server knows', 'nobody.here', 60, 'DK_ERR_UNKNOWN_OPERATOR'],
  ] as const)('%s → %s', async (_, operatorId, minutes, answer) => {
    const id = await waiting('ben-thanh');
    expect(await h.push(COUNTER, [counter.called(id, operatorId, at(minutes))])).toEqual([answer]);
  });

  it('the same person on the other counter: accepted from where they signed in', async () => {
    const id = await waiting('ben-thanh');
    const onSecond = deviceEvents(second.id, 1);
    const res = await h.app.inject({
      method: 'POST',
      url: routes.push,
      headers: { authorization: second.auth },
      payload: { deviceId: second.id, events: [onSecond.called(id, 'manager.benthanh', at(60))] },
    });
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted']);
  });

  it('a counter offline during the shift delivers after the sign-out what was done before it, not what came after', async () => {
    clock = new Date(Date.parse(at(60)));
    const session = await token('clerk.hoisach', h.device(FAIR_COUNTER).auth);
    clock = new Date(Date.parse(at(120)));
    const out = await h.app.inject({ method: 'POST', url: routes.logout, headers: { authorization: `Bearer ${session}` } });
    expect(out.statusCode).toBe(204);
    const [during, after] = [await waiting('book-fair'), await waiting('book-fair')];
    expect(
      await h.push(FAIR_COUNTER, [
        fairCounter.called(during, 'clerk.hoisach', at(90)),
        fairCounter.called(after, 'clerk.hoisach', at(120 + slack + 1)),
      ]),
    ).toEqual(['accepted', 'DK_ERR_OPERATOR_NOT_SIGNED_IN']);
  });

  it('an event for a registration not yet arrived is refused at once when its operator was not signed in, not held', async () => {
    const unknown = '01936f00-0000-7000-8000-000000000abc';
    expect(await h.push(COUNTER, [counter.called(unknown, 'manager.hcm', at(60))])).toEqual(['DK_ERR_OPERATOR_NOT_SIGNED_IN']);
    const held = await h.db.query('SELECT 1 FROM held_events WHERE registration_id = $1::uuid', [unknown]);
    expect(held).toHaveLength(0);
  });

  it('a disabled account acts no more: its sign-ins end when it is disabled', async () => {
    clock = new Date(Date.parse(at(180)));
    await token('manager.benthanh', h.device(COUNTER).auth);
    clock = new Date(Date.parse(at(200)));
    await setStaffDisabled(h.db, operator, 'manager.benthanh', true, clock);
    try {
      const [before, after] = [await waiting('ben-thanh'), await waiting('ben-thanh')];
      // Disabled, the account names no operator at all; enabled again, only its sign-in before the disabling counts.
      expect(await h.push(COUNTER, [counter.called(before, 'manager.benthanh', at(190))])).toEqual(['DK_ERR_UNKNOWN_OPERATOR']);
      await setStaffDisabled(h.db, operator, 'manager.benthanh', false, clock);
      expect(
        await h.push(COUNTER, [counter.called(before, 'manager.benthanh', at(190)), counter.called(after, 'manager.benthanh', at(210))]),
      ).toEqual(['accepted', 'DK_ERR_OPERATOR_NOT_SIGNED_IN']);
    } finally {
      await setStaffDisabled(h.db, operator, 'manager.benthanh', false, clock);
    }
  });
});

describe(`a counter pulls its queue only with a serving person signed in on it, on ${dbKind}`, () => {
  const device = () => ({ authorization: h.device(COUNTER).auth });
  const withSession = (session: string) => ({ ...device(), [STAFF_SESSION_HEADER]: session });
  const refusedWith = async (headers: Record<string, string>) => {
    const res = await pull(headers);
    // Nothing of a citizen in the refusal.
    expect(res.body).not.toContain('Nguyễn Văn Thử');
    expect(res.body).not.toContain('0912345678');
    return [res.statusCode, res.json().error?.code];
  };

  it('nobody signed in: 403 with its code and no personal data', async () => {
    clock = new Date(Date.parse(at(60)));
    expect(await refusedWith(device())).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
    expect(await refusedWith(withSession('not-a-session-token-at-all'))).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
  });

  it('a session not made on this counter, or of someone who does not serve here, opens nothing', async () => {
    expect(await refusedWith(withSession(await token('clerk.benthanh')))).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
    expect(await refusedWith(withSession(await token('clerk.benthanh', second.auth)))).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
    expect(await refusedWith(withSession(await token('clerk.hoisach', h.device(COUNTER).auth)))).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
    expect(await refusedWith(withSession(await token('admin.hcm', h.device(COUNTER).auth)))).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
    // The session is the counter's: another device presenting it is refused too.
    expect(await refusedWith({ authorization: second.auth, [STAFF_SESSION_HEADER]: clerkOnCounter })).toEqual([
      403,
      'DK_ERR_PULL_NEEDS_STAFF',
    ]);
  });

  it('the clerk signed in on it: the queue comes; signed out, it stops; signed in again, it resumes from the same cursor', async () => {
    const first = await pull(withSession(clerkOnCounter), undefined);
    expect(first.statusCode).toBe(200);
    const page = pullResponse.parse(first.json());
    expect(page.registrations.length).toBeGreaterThan(0);
    expect(page.registrations[0]!.draft.identity.fullName).toBe('Nguyễn Văn Thử');

    const id = await waiting('ben-thanh');
    await h.app.inject({ method: 'POST', url: routes.logout, headers: { authorization: `Bearer ${clerkOnCounter}` } });
    const out = await pull(withSession(clerkOnCounter), page.cursor);
    expect([out.statusCode, out.json().error.code]).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);

    const again = await pull(withSession(await token('clerk.benthanh', h.device(COUNTER).auth)), page.cursor);
    expect(again.statusCode).toBe(200);
    expect(pullResponse.parse(again.json()).registrations.map((r) => r.registrationId)).toContain(id);
  });

  it('an expired session pulls nothing', async () => {
    const session = await token('clerk.benthanh', h.device(COUNTER).auth);
    expect((await pull(withSession(session))).statusCode).toBe(200);
    clock = new Date(clock.getTime() + SESSION_HOURS * 3_600_000 + 1);
    expect(await refusedWith(withSession(session))).toEqual([403, 'DK_ERR_PULL_NEEDS_STAFF']);
  });
});

describe(`signing in through a device, on ${dbKind}`, () => {
  it('a kiosk is no place to sign in; a device that does not prove itself is refused before the password is checked', async () => {
    expect(await signIn('clerk.benthanh', h.device(KIOSK).auth)).toEqual({ status: 403, code: 'DK_ERR_DEVICE_KIND_FORBIDDEN' });
    expect(await signIn('clerk.benthanh', `Device ${COUNTER}:${'x'.repeat(43)}`)).toEqual({
      status: 401,
      code: 'DK_ERR_DEVICE_UNAUTHENTICATED',
    });
    const failures = await h.db.query("SELECT 1 FROM sign_in_failures WHERE kind = 'account' AND key = 'clerk.benthanh'");
    expect(failures).toHaveLength(0);
  });
});
