import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenHoldingsResponse, loginResponse, routes } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * The counter asks the server what a citizen already holds before it issues: staff only, through
 * a registration of the clerk's own site, answered from the holdings projection that push ingest
 * keeps in the same transaction as the registrations.
 */
let h: Harness;
const tokens: Record<string, string> = {};
const citizen = '079190077001';
const ids = { issued: '', again: '', otherCitizen: '' };

const push = (deviceId: string, events: unknown[]) =>
  h.app.inject({ method: 'POST', url: routes.push, headers: { authorization: h.device(deviceId).auth }, payload: { deviceId, events } });
const lookUp = (registrationId: string, authorization: string) =>
  h.app.inject({ method: 'POST', url: routes.citizenHoldings, headers: { authorization }, payload: { registrationId } });

beforeAll(async () => {
  h = await harness();
  for (const username of ['clerk.benthanh', 'clerk.hoisach', 'manager.hcm']) {
    const res = await h.app.inject({ method: 'POST', url: routes.login, payload: { username, password: 'dangky-demo-2026' } });
    tokens[username] = `Bearer ${loginResponse.parse(res.json()).token}`;
  }
  const kioskA = deviceEvents('kiosk-hcm-ben-thanh-1');
  const kioskB = deviceEvents('kiosk-hcm-book-fair-1');
  const counterA = deviceEvents('counter-hcm-ben-thanh-1');
  const first = kioskA.submitted({
    siteId: 'hcm-ben-thanh',
    ticket: 'A-001',
    day: '2026-11-22',
    at: '2026-11-22T02:00:00.000Z',
    idNumber: citizen,
  });
  const other = kioskA.submitted({
    siteId: 'hcm-ben-thanh',
    ticket: 'A-002',
    day: '2026-11-22',
    at: '2026-11-22T02:01:00.000Z',
    idNumber: '079190077002',
  });
  const again = kioskB.submitted({
    siteId: 'hcm-book-fair',
    ticket: 'B-001',
    day: '2026-11-23',
    at: '2026-11-23T02:00:00.000Z',
    idNumber: citizen,
    channel: 'remote',
  });
  ids.issued = first.payload.registrationId;
  ids.otherCitizen = other.payload.registrationId;
  ids.again = again.payload.registrationId;
  await push('kiosk-hcm-ben-thanh-1', [first, other]);
  await push('kiosk-hcm-book-fair-1', [again]);
  const issued = counterA.issued(ids.issued, 'clerk.benthanh', '2026-11-22T02:20:00.000Z', 'TK-000777');
  const res = await push('counter-hcm-ben-thanh-1', [
    counterA.called(ids.issued, 'clerk.benthanh', '2026-11-22T02:10:00.000Z'),
    {
      ...issued,
      payload: {
        ...issued.payload,
        identityCheck: 'documents-checked',
        certificate: { serial: '7b2e1d9a', notAfter: '2027-11-22T02:20:00.000Z', providerId: 'vnpt' },
      },
    },
  ]);
  expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);
});
afterAll(() => h.close());

describe(`the citizen look-up on ${dbKind}`, () => {
  it('shows a clerk of another site the certificate the same citizen got elsewhere, with where and when', async () => {
    const res = await lookUp(ids.again, tokens['clerk.hoisach']!);
    expect(res.statusCode).toBe(200);
    const body = citizenHoldingsResponse.parse(res.json());
    expect(body.holdings).toEqual([
      {
        registrationId: ids.issued,
        siteId: 'hcm-ben-thanh',
        kind: 'certificate',
        channel: 'token',
        providerId: 'vnpt',
        tokenSerial: 'TK-000777',
        certificateSerial: '7b2e1d9a',
        issuedAt: '2026-11-22T02:20:00.000Z',
        notAfter: '2027-11-22T02:20:00.000Z',
        revoked: false,
        eidResult: null,
        status: expect.stringMatching(/^(active|expired)$/),
      },
    ]);
    // Nothing personal travels back: no name, no ID number.
    expect(res.body).not.toContain(citizen);
    expect(res.body).not.toContain('Nguyễn');
  });

  it('writes each look-up to the audit log: who, for which registration, how much was found — never the number', async () => {
    expect((await lookUp(ids.again, tokens['clerk.hoisach']!)).statusCode).toBe(200);
    const [entry] = await h.db.query<{ actor_id: string; site_id: string; target: string; detail: string }>(
      "SELECT actor_id, site_id, target, detail::text AS detail FROM audit_log WHERE action = 'citizen.holdings-looked-up' ORDER BY seq DESC LIMIT 1",
    );
    expect(entry).toEqual({
      actor_id: 'clerk.hoisach',
      site_id: 'hcm-book-fair',
      target: `registration:${ids.again}`,
      detail: '{"found":1}',
    });
    expect(JSON.stringify(entry)).not.toContain(citizen);
  });

  it('leaves the registration itself out, and shows nothing for another citizen', async () => {
    expect(citizenHoldingsResponse.parse((await lookUp(ids.issued, tokens['clerk.benthanh']!)).json()).holdings).toEqual([]);
    expect(citizenHoldingsResponse.parse((await lookUp(ids.otherCitizen, tokens['clerk.benthanh']!)).json()).holdings).toEqual([]);
  });

  it('is refused to a kiosk, to no one signed in, and to a clerk of another site', async () => {
    const kiosk = await lookUp(ids.again, h.device('kiosk-hcm-book-fair-1').auth);
    expect([kiosk.statusCode, kiosk.json().error.code]).toEqual([401, 'DK_ERR_STAFF_UNAUTHENTICATED']);
    const counter = await lookUp(ids.again, h.device('counter-hcm-book-fair-1').auth);
    expect(counter.statusCode).toBe(401);
    const otherSite = await lookUp(ids.again, tokens['clerk.benthanh']!);
    expect([otherSite.statusCode, otherSite.json().error.code]).toEqual([403, 'DK_ERR_FORBIDDEN']);
    const cityManager = await lookUp(ids.again, tokens['manager.hcm']!);
    expect(cityManager.statusCode).toBe(200);
  });

  it('takes a registration id only, never an ID number', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: routes.citizenHoldings,
      headers: { authorization: tokens['clerk.hoisach']! },
      payload: { idNumber: citizen },
    });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'DK_ERR_VALIDATION']);
  });
});
