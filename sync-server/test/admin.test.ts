import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENROLMENT_CODE_TTL_MS } from '@dangky/core/admin';
import { fleetResponse, loginResponse, pushResponse, STAFF_SESSION_HEADER, type DeviceReport } from '@dangky/core/protocol';
import { auditPage } from '@dangky/core/audit';
import { hcmDay } from '@dangky/core/time';
import { sameHoursEveryDay } from '@dangky/core/schemas';
import { operator } from '../src/admin/actor.ts';
import { createEnrolment, redeemEnrolment } from '../src/admin/devices.ts';
import { createSite } from '../src/admin/sites.ts';
import { receiveTokens } from '../src/admin/stock.ts';
import { verifyAudit } from '../src/audit/verify-audit.ts';
import { openDb } from '../src/db/open.ts';
import { build } from '../src/app.ts';
import { main, type CliIo } from '../src/cli/main.ts';
import { dbKind, freshPostgresUrl, harness, TEST_EVENT_WINDOW, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Running a province: devices enrolled by one-time code (single use, 15 minutes), rotated and
 * revoked (401 that says "no longer enrolled"); an event booth that refuses registrations outside
 * its days; the fleet from what devices report on their pushes; token stock; password resets;
 * and the first administrator from the command line on a database without the demo.
 */
let h: Harness;
let admin: string;

const asAdmin = (method: 'GET' | 'POST', url: string, payload?: object) =>
  h.app.inject({ method, url, headers: { authorization: `Bearer ${admin}` }, ...(payload ? { payload } : {}) });
const push = (auth: string, deviceId: string, events: unknown[], report?: DeviceReport) =>
  h.app.inject({
    method: 'POST',
    url: '/v1/sync/push',
    headers: { authorization: auth },
    payload: { deviceId, events, ...(report ? { report } : {}) },
  });
const signIn = async (username: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password } });

beforeAll(async () => {
  h = await harness({ tokenStockCheck: true });
  admin = loginResponse.parse((await signIn('admin.hcm', 'dangky-demo-2026')).json()).token;
});
afterAll(() => h.close());

describe(`device enrolment on ${dbKind}`, () => {
  it('pairs a device with a code once; the secret comes only in that answer, and only its digest is stored', async () => {
    const made = await asAdmin('POST', '/v1/admin/enrolments', { siteId: 'hcm-ben-thanh', kind: 'kiosk', name: 'Ki-ốt sảnh' });
    expect(made.statusCode).toBe(201);
    const code = made.json();
    expect(code).toMatchObject({ deviceId: 'kiosk-hcm-ben-thanh-2', ticketPrefix: 'B', kind: 'kiosk' });
    expect(code.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect(Date.parse(code.expiresAt) - Date.now()).toBeGreaterThan(ENROLMENT_CODE_TTL_MS - 60_000);

    // Typed loosely: lower case, spaces instead of dashes.
    const first = await h.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: code.code.toLowerCase().replaceAll('-', ' ') } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const enrolled = first.json();
    expect(enrolled).toMatchObject({
      deviceId: code.deviceId,
      siteId: 'hcm-ben-thanh',
      siteName: 'UBND phường Bến Thành',
      ticketPrefix: 'B',
    });

    const again = await h.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: code.code } });
    expect([again.statusCode, again.json().error.code]).toEqual([401, 'DK_ERR_ENROLMENT_CODE_INVALID']);

    const stored =
      JSON.stringify(await h.db.query('SELECT * FROM devices')) + JSON.stringify(await h.db.query('SELECT * FROM enrolment_codes'));
    expect(stored).not.toContain(enrolled.deviceSecret);
    expect(stored).not.toContain(code.code.replaceAll('-', ''));

    const ref = await h.app.inject({
      method: 'GET',
      url: '/v1/reference',
      headers: { authorization: `Device ${enrolled.deviceId}:${enrolled.deviceSecret}` },
    });
    expect(ref.json().device).toMatchObject({ id: enrolled.deviceId, siteId: 'hcm-ben-thanh', ticketPrefix: 'B' });
  });

  it('refuses a code after 15 minutes, and one it never made', async () => {
    const old = await createEnrolment(
      h.db,
      operator,
      { siteId: 'hcm-book-fair', kind: 'counter', name: 'Quầy 2' },
      new Date(Date.now() - ENROLMENT_CODE_TTL_MS - 1000),
    );
    const late = await h.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: old.code } });
    expect([late.statusCode, late.json().error.code]).toEqual([401, 'DK_ERR_ENROLMENT_CODE_EXPIRED']);
    const fresh = await createEnrolment(
      h.db,
      operator,
      { siteId: 'hcm-book-fair', kind: 'counter', name: 'Quầy 2' },
      new Date(Date.now() - ENROLMENT_CODE_TTL_MS + 60_000),
    );
    expect((await h.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: fresh.code } })).statusCode).toBe(200);
    for (const code of ['ZZZZ-ZZZZ-ZZ', 'not a code', '']) {
      const res = await h.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code } });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
  });

  it('lets exactly one of two devices racing with the same code in', async () => {
    const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'counter', name: 'Quầy đua' });
    const both = await Promise.all(
      [redeemEnrolment(h.db, code.code), redeemEnrolment(h.db, code.code)].map((p) =>
        p.then(
          () => 'ok',
          (e) => e.code,
        ),
      ),
    );
    expect(both.sort()).toEqual(['DK_ERR_ENROLMENT_CODE_INVALID', 'ok']);
  });

  it('rotation ends the old secret at once (told "no longer enrolled") and re-enrols the same device with the new code', async () => {
    const kiosk = h.device('kiosk-hcm-book-fair-1');
    const rotated = await asAdmin('POST', `/v1/admin/devices/${kiosk.id}/rotate`);
    expect(rotated.statusCode).toBe(200);
    const old = await push(kiosk.auth, kiosk.id, [], report());
    expect([old.statusCode, old.json().error.code]).toEqual([401, 'DK_ERR_DEVICE_REVOKED']);
    const again = (await h.app.inject({ method: 'POST', url: '/v1/enrol', payload: { code: rotated.json().code } })).json();
    expect(again).toMatchObject({ deviceId: kiosk.id, ticketPrefix: kiosk.ticketPrefix });
    expect((await push(`Device ${kiosk.id}:${again.deviceSecret}`, kiosk.id, [], report())).statusCode).toBe(200);
    h.demo.devices.find((d) => d.id === kiosk.id)!.secret = again.deviceSecret;
  });

  it('a revoked device gets 401 DK_ERR_DEVICE_REVOKED on push, pull and reference, and a stranger still only DK_ERR_DEVICE_UNAUTHENTICATED', async () => {
    const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'counter', name: 'Quầy thu hồi' });
    const d = await redeemEnrolment(h.db, code.code);
    const auth = `Device ${d.deviceId}:${d.deviceSecret}`;
    const clerk = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { authorization: auth },
      payload: { username: 'clerk.benthanh', password: 'dangky-demo-2026' },
    });
    const session = { [STAFF_SESSION_HEADER]: loginResponse.parse(clerk.json()).token };
    expect((await h.app.inject({ method: 'GET', url: '/v1/sync/pull', headers: { authorization: auth, ...session } })).statusCode).toBe(
      200,
    );
    expect((await asAdmin('POST', `/v1/admin/devices/${d.deviceId}/revoke`)).statusCode).toBe(204);
    for (const res of [
      await push(auth, d.deviceId, [], report()),
      await h.app.inject({ method: 'GET', url: '/v1/sync/pull', headers: { authorization: auth, ...session } }),
      await h.app.inject({ method: 'GET', url: '/v1/reference', headers: { authorization: auth } }),
    ])
      expect([res.statusCode, res.json().error.code]).toEqual([401, 'DK_ERR_DEVICE_REVOKED']);
    const stranger = await push(`Device ${d.deviceId}:${'x'.repeat(43)}`, d.deviceId, [], report());
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([401, 'DK_ERR_DEVICE_UNAUTHENTICATED']);
    const fleet = fleetResponse.parse((await asAdmin('GET', '/v1/admin/devices')).json());
    expect(fleet.devices.find((x) => x.id === d.deviceId)).toMatchObject({ troubles: ['revoked'] });
    expect(fleet.devices.at(-1)!.troubles).toEqual(['revoked']);
  });

  it('records what a revoked device still holds when it reports before wiping itself (a stranger reports nothing)', async () => {
    const code = await createEnrolment(h.db, operator, { siteId: 'hcm-ben-thanh', kind: 'kiosk', name: 'Ki-ốt thu hồi' });
    const d = await redeemEnrolment(h.db, code.code);
    expect((await asAdmin('POST', `/v1/admin/devices/${d.deviceId}/revoke`)).statusCode).toBe(204);
    const stranger = await push(`Device ${d.deviceId}:${'x'.repeat(43)}`, d.deviceId, [], report({ pending: 99 }));
    expect(stranger.statusCode).toBe(401);
    const pendingOf = async () =>
      fleetResponse.parse((await asAdmin('GET', '/v1/admin/devices')).json()).devices.find((x) => x.id === d.deviceId)?.pending ?? null;
    expect(await pendingOf()).toBeNull();
    const last = await push(`Device ${d.deviceId}:${d.deviceSecret}`, d.deviceId, [], report({ pending: 3, deadLetters: 1 }));
    expect([last.statusCode, last.json().error.code]).toEqual([401, 'DK_ERR_DEVICE_REVOKED']);
    expect(await pendingOf()).toBe(3);
  });
});

describe(`moving a device on ${dbKind}`, () => {
  it('takes a kiosk to another site: its registrations belong there from then on, its letter kept when free there (another found when not), and the move is in the log that day', async () => {
    const code = await createEnrolment(h.db, operator, {
      siteId: 'hcm-ben-thanh',
      kind: 'kiosk',
      name: 'Ki-ốt lưu động',
      ticketPrefix: 'M',
    });
    const d = await redeemEnrolment(h.db, code.code);
    const auth = `Device ${d.deviceId}:${d.deviceSecret}`;
    const events = deviceEvents(d.deviceId);
    const day = hcmDay(new Date());
    const at = new Date().toISOString();
    const results = async (siteId: string, ticket: string) =>
      pushResponse
        .parse((await push(auth, d.deviceId, [events.submitted({ siteId, ticket, day, at })], report())).json())
        .results.map((r) => (r.status === 'rejected' ? r.code : r.status));
    expect(await results('hcm-ben-thanh', 'M-001')).toEqual(['accepted']);

    const moved = await asAdmin('POST', `/v1/admin/devices/${d.deviceId}`, { siteId: 'hcm-book-fair' });
    expect(moved.statusCode).toBe(204);
    const fleet = fleetResponse.parse((await asAdmin('GET', '/v1/admin/devices')).json());
    const after = fleet.devices.find((x) => x.id === d.deviceId)!;
    expect(after.siteId).toBe('hcm-book-fair');
    expect(after.ticketPrefix).toBe('M');
    // A kiosk whose letter is taken there gets a free one.
    const enrol = async (siteId: string, name: string) =>
      redeemEnrolment(h.db, (await createEnrolment(h.db, operator, { siteId, kind: 'kiosk', name, ticketPrefix: 'Q' })).code);
    await enrol('hcm-book-fair', 'Ki-ốt Q hội sách');
    const second = await enrol('hcm-ben-thanh', 'Ki-ốt Q phường');
    expect((await asAdmin('POST', `/v1/admin/devices/${second.deviceId}`, { siteId: 'hcm-book-fair' })).statusCode).toBe(204);
    const secondAfter = fleetResponse
      .parse((await asAdmin('GET', '/v1/admin/devices')).json())
      .devices.find((x) => x.id === second.deviceId)!;
    expect(secondAfter).toMatchObject({ siteId: 'hcm-book-fair', ticketPrefix: expect.stringMatching(/^[A-Z]{1,2}$/) });
    expect(['B', 'M', 'Q']).not.toContain(secondAfter.ticketPrefix);
    expect(await results('hcm-ben-thanh', 'M-002')).toEqual(['DK_ERR_WRONG_SITE']);
    expect(await results('hcm-book-fair', 'M-003')).toEqual(['accepted']);

    // The log, searched by action and by the day (Ho Chi Minh time) it happened, and not on another day.
    const search = async (query: string) => auditPage.parse((await asAdmin('GET', `/v1/admin/audit?action=device.moved&${query}`)).json());
    const found = (await search(`day=${day}`)).entries.filter((e) => e.target === `device:${d.deviceId}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      actorId: 'admin.hcm',
      siteId: 'hcm-book-fair',
      detail: { fromSite: 'hcm-ben-thanh', toSite: 'hcm-book-fair' },
    });
    const yesterday = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await search(`day=${yesterday}`)).entries.filter((e) => e.target === `device:${d.deviceId}`)).toEqual([]);
  });

  it('refuses to move a device into a site of another province, or one that does not exist, and leaves it where it was', async () => {
    const kiosk = h.device('kiosk-hcm-book-fair-1');
    await createSite(h.db, operator, {
      id: 'hn-ba-dinh-move',
      name: 'UBND phường Ba Đình',
      kind: 'office',
      communeCode: '00004',
      address: '1 Hoàng Hoa Thám',
      hours: sameHoursEveryDay({ opens: '08:00', closes: '17:00' }),
      firstDay: null,
      lastDay: null,
    });
    const into = async (siteId: string) => {
      const res = await asAdmin('POST', `/v1/admin/devices/${kiosk.id}`, { siteId });
      return [res.statusCode, res.json().error.code];
    };
    expect(await into('hn-ba-dinh-move')).toEqual([403, 'DK_ERR_FORBIDDEN']);
    expect(await into('no-such-site')).toEqual([404, 'DK_ERR_UNKNOWN_SITE']);
    const fleet = fleetResponse.parse((await asAdmin('GET', '/v1/admin/devices')).json());
    expect(fleet.devices.find((x) => x.id === kiosk.id)).toMatchObject({ siteId: 'hcm-book-fair', ticketPrefix: 'B' });
  });
});

const report = (over: Partial<DeviceReport> = {}): DeviceReport => ({
  appVersion: '0.1.0',
  pending: 0,
  oldestPendingAt: null,
  deadLetters: 0,
  hardware: [],
  ...over,
});

describe(`the fleet on ${dbKind}`, () => {
  it('shows what each device reported on its last push, trouble first', async () => {
    const counter = h.device('counter-hcm-ben-thanh-1');
    const stuckSince = new Date(Date.now() - 30 * 60_000).toISOString();
    const res = await push(
      counter.auth,
      counter.id,
      [],
      report({
        pending: 12,
        oldestPendingAt: stuckSince,
        hardware: [{ kind: 'printer', state: 'error', errorCode: 'DK_ERR_PRINTER_PAPER_OUT' }],
      }),
    );
    expect(res.statusCode).toBe(200);
    const fleet = fleetResponse.parse((await asAdmin('GET', '/v1/admin/devices')).json());
    const at = fleet.devices.findIndex((d) => d.id === counter.id);
    expect(at).toBeLessThan(fleet.devices.findIndex((d) => d.troubles.length === 0));
    expect(fleet.devices[at]).toMatchObject({
      id: counter.id,
      pending: 12,
      oldestPendingAt: stuckSince,
      appVersion: '0.1.0',
      troubles: ['outbox-stuck', 'hardware'],
      hardware: [{ kind: 'printer', state: 'error' }],
    });
    expect(Date.parse(fleet.devices[at]!.lastContactAt!)).toBeGreaterThan(Date.now() - 60_000);
    // A push with neither events nor a report is still malformed.
    const empty = await push(counter.auth, counter.id, []);
    expect([empty.statusCode, empty.json().error.code]).toEqual([400, 'DK_ERR_VALIDATION']);
  });
});

describe(`an office's week on ${dbKind}`, () => {
  it('keeps its hours per weekday, lunch breaks included, through create and edit, and devices read them; a day closing before it opens or a break outside the day is refused', async () => {
    const weekdays = sameHoursEveryDay({ opens: '07:30', closes: '17:00', lunch: { from: '11:30', to: '13:30' } }, [
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
    ]);
    const office = {
      id: 'hcm-office-week',
      name: 'UBND phường Sài Gòn',
      kind: 'office',
      communeCode: '26743',
      address: '45 Lê Duẩn',
      hours: { ...weekdays, sat: { opens: '07:30', closes: '11:30' } },
      firstDay: null,
      lastDay: null,
    };
    expect((await asAdmin('POST', '/v1/admin/sites', office)).json().hours).toEqual(office.hours);
    const { id, ...fields } = office;
    const edited = { ...fields, hours: { ...office.hours, wed: null, fri: { opens: '07:30', closes: '16:00' } } };
    expect((await asAdmin('POST', `/v1/admin/sites/${id}`, edited)).json().hours).toEqual(edited.hours);
    const reference = await h.app.inject({ method: 'GET', url: '/v1/reference' });
    expect(reference.json().sites.find((s: { id: string }) => s.id === id).hours).toEqual(edited.hours);
    // A device is told of its own site only.
    const kiosk = await h.app.inject({
      method: 'GET',
      url: '/v1/reference',
      headers: { authorization: h.device('kiosk-hcm-ben-thanh-1').auth },
    });
    expect(kiosk.json().sites.map((s: { id: string }) => s.id)).toEqual([kiosk.json().device.siteId]);
    for (const sat of [
      { opens: '11:30', closes: '07:30' },
      { opens: '07:30', closes: '11:30', lunch: { from: '11:00', to: '12:00' } },
    ]) {
      const refused = await asAdmin('POST', `/v1/admin/sites/${id}`, { ...fields, hours: { ...edited.hours, sat } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.issues).toEqual([{ path: 'hours.sat', code: 'DK_ERR_OPENING_HOURS_INVALID' }]);
    }
  });
});

describe(`an event booth's days on ${dbKind}`, () => {
  it('refuses new registrations before its first day and after its last, keeping what it took while open', async () => {
    await createSite(h.db, operator, {
      id: 'hcm-tet-fair',
      name: 'Gian hàng Hội chợ Tết',
      kind: 'event-booth',
      communeCode: '26743',
      address: 'Công viên 23/9',
      hours: sameHoursEveryDay({ opens: '08:00', closes: '21:00' }),
      firstDay: '2026-02-10',
      lastDay: '2026-02-14',
    });
    const d = await redeemEnrolment(
      h.db,
      (await createEnrolment(h.db, operator, { siteId: 'hcm-tet-fair', kind: 'kiosk', name: 'Ki-ốt 1' })).code,
    );
    const ev = deviceEvents(d.deviceId);
    let n = 0;
    const at = (day: string, time = '02:00:00.000Z') => ({ siteId: 'hcm-tet-fair', ticket: `A-00${++n}`, day, at: `${day}T${time}` });
    const events = [
      ev.submitted(at('2026-02-09', '16:59:00.000Z')), // 23:59 on 9 Feb in Hồ Chí Minh City: not open yet
      ev.submitted(at('2026-02-10')),
      ev.submitted(at('2026-02-14')),
      ev.submitted({ ...at('2026-02-15'), at: '2026-02-14T17:00:00.000Z' }), // 00:00 on 15 Feb: closed
    ];
    const res = await push(`Device ${d.deviceId}:${d.deviceSecret}`, d.deviceId, events);
    expect(res.json().results.map((r: { status: string; code?: string }) => r.code ?? r.status)).toEqual([
      'DK_ERR_SITE_NOT_OPEN_YET',
      'accepted',
      'accepted',
      'DK_ERR_SITE_CLOSED',
    ]);
    const kept = await h.db.query('SELECT id FROM registrations WHERE site_id = $1', ['hcm-tet-fair']);
    expect(kept).toHaveLength(2);
    const ref = await h.app.inject({ method: 'GET', url: '/v1/reference' });
    expect(ref.json().sites.find((s: { id: string }) => s.id === 'hcm-tet-fair')).toMatchObject({
      firstDay: '2026-02-10',
      lastDay: '2026-02-14',
    });
  });
});

describe(`token stock on ${dbKind}`, () => {
  it('tells the counter whether its site holds a serial, and an issued token leaves the stock', async () => {
    await receiveTokens(h.db, operator, { siteId: 'hcm-ben-thanh', serials: ['vn-00042', 'VN-00043'] });
    const counter = h.device('counter-hcm-ben-thanh-1');
    const check = async (serial: string) =>
      (
        await h.app.inject({ method: 'GET', url: `/v1/sync/token-stock?serial=${serial}`, headers: { authorization: counter.auth } })
      ).json();
    expect(await check('VN-00042')).toEqual({ serial: 'VN-00042', inStock: true, enforced: true });
    expect(await check('VN-99999')).toMatchObject({ inStock: false, enforced: true });
    const kiosk = h.device('kiosk-hcm-ben-thanh-1');
    const k = deviceEvents(kiosk.id, 1);
    const sub = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-042', day: '2026-03-02', at: '2026-03-02T02:00:00.000Z' });
    expect((await push(kiosk.auth, kiosk.id, [sub])).json().results[0].status).toBe('accepted');
    const c = deviceEvents(counter.id, 1);
    const id = sub.payload.registrationId;
    // A serial the site never received is refused at ingest; the stocked one goes through.
    const res = await push(counter.auth, counter.id, [
      c.called(id, 'clerk.benthanh', '2026-03-02T02:10:00.000Z'),
      c.issued(id, 'clerk.benthanh', '2026-03-02T02:19:00.000Z', 'VN-99999'),
      c.issued(id, 'clerk.benthanh', '2026-03-02T02:20:00.000Z', 'VN-00042'),
    ]);
    const answers = (r: typeof res) => r.json().results.map((x: { status: string; code?: string }) => x.code ?? x.status);
    expect(answers(res)).toEqual(['accepted', 'DK_ERR_TOKEN_NOT_IN_STOCK', 'accepted']);
    expect(await check('VN-00042')).toMatchObject({ inStock: false });
    // Once issued, the same serial is no longer on hand for another citizen.
    const again = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-043', day: '2026-03-02', at: '2026-03-02T02:30:00.000Z' });
    expect((await push(kiosk.auth, kiosk.id, [again])).json().results[0].status).toBe('accepted');
    const res2 = await push(counter.auth, counter.id, [
      c.called(again.payload.registrationId, 'clerk.benthanh', '2026-03-02T02:31:00.000Z'),
      c.issued(again.payload.registrationId, 'clerk.benthanh', '2026-03-02T02:32:00.000Z', 'VN-00042'),
    ]);
    expect(answers(res2)).toEqual(['accepted', 'DK_ERR_TOKEN_NOT_IN_STOCK']);
    // The counter learns from the catalogue that the check is on (kept for when it is offline).
    expect((await h.app.inject({ method: 'GET', url: '/v1/reference' })).json().tokenStockCheck).toBe(true);
    const stock = (await asAdmin('GET', '/v1/admin/stock?siteId=hcm-ben-thanh&state=issued')).json();
    expect(stock.items).toEqual([expect.objectContaining({ serial: 'VN-00042', state: 'issued', leftBy: 'clerk.benthanh' })]);
    // The clerk's actions are in the audit log, with references only.
    const audit = (await asAdmin('GET', '/v1/admin/audit?actorId=clerk.benthanh&action=token.')).json().entries;
    expect(audit[0]).toMatchObject({
      action: 'token.issued',
      target: `registration:${id}`,
      detail: expect.objectContaining({ tokenSerial: 'VN-00042' }),
    });
    expect(JSON.stringify(audit)).not.toContain('079190012345');
  });

  it('tells the counter the check is off when the server was started without it (the demo)', async () => {
    const relaxed = await build({ db: h.db, tokenStockCheck: false, eventWindow: TEST_EVENT_WINDOW });
    const counter = h.device('counter-hcm-ben-thanh-1');
    const res = await relaxed.inject({
      method: 'GET',
      url: '/v1/sync/token-stock?serial=VN-99999',
      headers: { authorization: counter.auth },
    });
    expect(res.json()).toEqual({ serial: 'VN-99999', inStock: false, enforced: false });
    const kiosk = h.device('kiosk-hcm-ben-thanh-1');
    const refused = await relaxed.inject({
      method: 'GET',
      url: '/v1/sync/token-stock?serial=VN-99999',
      headers: { authorization: kiosk.auth },
    });
    expect(refused.statusCode).toBe(403);
    expect((await relaxed.inject({ method: 'GET', url: '/v1/reference' })).json().tokenStockCheck).toBe(false);
    // Off, a token.issued for a serial no one received is accepted.
    const k = deviceEvents(kiosk.id, 100);
    const sub = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-090', day: '2026-03-03', at: '2026-03-03T02:00:00.000Z' });
    const c = deviceEvents(counter.id, 100);
    const results = async (deviceAuth: string, deviceId: string, events: unknown[]) =>
      (
        await relaxed.inject({
          method: 'POST',
          url: '/v1/sync/push',
          headers: { authorization: deviceAuth },
          payload: { deviceId, events },
        })
      )
        .json()
        .results.map((x: { status: string; code?: string }) => x.code ?? x.status);
    expect(await results(kiosk.auth, kiosk.id, [sub])).toEqual(['accepted']);
    expect(
      await results(counter.auth, counter.id, [
        c.called(sub.payload.registrationId, 'clerk.benthanh', '2026-03-03T02:10:00.000Z'),
        c.issued(sub.payload.registrationId, 'clerk.benthanh', '2026-03-03T02:20:00.000Z', 'VN-88888'),
      ]),
    ).toEqual(['accepted', 'accepted']);
    await relaxed.close();
  });
});

describe(`staff accounts on ${dbKind}`, () => {
  it('a reset password must be changed at the next sign-in, to one that meets the rules', async () => {
    const created = await asAdmin('POST', '/v1/admin/staff', {
      id: 'clerk.moi',
      displayName: 'Lý Thị Mới',
      role: 'clerk',
      siteIds: ['hcm-ben-thanh', 'hcm-book-fair'],
      provinceCode: '79',
      password: 'Tam-thoi-cho-Moi-1',
    });
    expect(created.json()).toMatchObject({ mustChangePassword: true, siteIds: ['hcm-ben-thanh', 'hcm-book-fair'] });
    for (const [password, code] of [
      ['short-1', 'DK_ERR_PASSWORD_TOO_SHORT'],
      ['MatKhau@123456', 'DK_ERR_PASSWORD_COMMON'],
      ['123456789012', 'DK_ERR_PASSWORD_COMMON'],
      ['xx-clerk.moi-2026', 'DK_ERR_PASSWORD_LIKE_USERNAME'],
    ] as const) {
      const res = await asAdmin('POST', '/v1/admin/staff/clerk.moi/reset-password', { password });
      expect([res.statusCode, res.json().error.code]).toEqual([400, code]);
    }
    expect((await asAdmin('POST', '/v1/admin/staff/clerk.moi/reset-password', { password: 'Dat-lai-cho-Moi-22' })).statusCode).toBe(204);
    const session = loginResponse.parse((await signIn('clerk.moi', 'Dat-lai-cho-Moi-22')).json());
    expect(session.user).toMatchObject({ mustChangePassword: true, siteIds: ['hcm-ben-thanh', 'hcm-book-fair'] });
    const bearer = { authorization: `Bearer ${session.token}` };
    const blocked = await h.app.inject({ method: 'GET', url: '/v1/admin/providers', headers: bearer });
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([403, 'DK_ERR_PASSWORD_CHANGE_REQUIRED']);
    const same = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: bearer,
      payload: { currentPassword: 'Dat-lai-cho-Moi-22', newPassword: 'Dat-lai-cho-Moi-22' },
    });
    expect(same.json().error.code).toBe('DK_ERR_PASSWORD_UNCHANGED');
    const changed = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/password',
      headers: bearer,
      payload: { currentPassword: 'Dat-lai-cho-Moi-22', newPassword: 'hoa sen nở giữa hồ' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/v1/admin/providers', headers: bearer })).statusCode).toBe(200);
    const actions = (await asAdmin('GET', '/v1/admin/audit?actorId=clerk.moi')).json().entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('auth.password-changed');
  });

  it('anyone changes their own password: the current one is checked under the sign-in limits, other sessions end', async () => {
    const [here, elsewhere] = await Promise.all(
      [0, 1].map(async () => loginResponse.parse((await signIn('manager.benthanh', 'dangky-demo-2026')).json()).token),
    );
    const change = (token: string, currentPassword: string, newPassword: string) =>
      h.app.inject({
        method: 'POST',
        url: '/v1/auth/password',
        headers: { authorization: `Bearer ${token}` },
        payload: { currentPassword, newPassword },
      });
    const common = await change(here!, 'dangky-demo-2026', 'Password2026!');
    expect([common.statusCode, common.json().error.code]).toEqual([400, 'DK_ERR_PASSWORD_COMMON']);
    const wrong = await change(here!, 'not-my-password-at-all', 'sen trắng giữa hồ xanh');
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'DK_ERR_CURRENT_PASSWORD_WRONG']);
    const failures = `SELECT failures FROM sign_in_failures WHERE kind = 'account' AND key = 'manager.benthanh'`;
    expect(await h.db.query(failures)).toEqual([{ failures: 1 }]);

    expect((await change(here!, 'dangky-demo-2026', 'sen trắng giữa hồ xanh')).statusCode).toBe(204);
    expect(await h.db.query(failures)).toEqual([]);
    const me = (token: string) => h.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect([(await me(here!)).statusCode, (await me(elsewhere!)).statusCode]).toEqual([200, 401]);
    expect((await signIn('manager.benthanh', 'dangky-demo-2026')).statusCode).toBe(401);
    expect((await signIn('manager.benthanh', 'sen trắng giữa hồ xanh')).statusCode).toBe(200);
    const entries = (await asAdmin('GET', '/v1/admin/audit?actorId=manager.benthanh&action=auth.')).json().entries;
    expect(entries.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('auth.password'))).toEqual([
      'auth.password-changed',
      'auth.password-change-failed',
    ]);
    expect(JSON.stringify(entries)).not.toContain('sen trắng');
  });

  it('a disabled account cannot sign in and its sessions end', async () => {
    const session = loginResponse.parse((await signIn('clerk.hoisach', 'dangky-demo-2026')).json());
    expect((await asAdmin('POST', '/v1/admin/staff/clerk.hoisach/disable')).statusCode).toBe(200);
    const me = await h.app.inject({ method: 'GET', url: '/v1/auth/me', headers: { authorization: `Bearer ${session.token}` } });
    expect(me.statusCode).toBe(401);
    const again = await signIn('clerk.hoisach', 'dangky-demo-2026');
    expect([again.statusCode, again.json().error.code]).toEqual([403, 'DK_ERR_ACCOUNT_DISABLED']);
    const wrong = await signIn('clerk.hoisach', 'not-the-password');
    expect(wrong.json().error.code).toBe('DK_ERR_BAD_CREDENTIALS');
    expect((await asAdmin('POST', '/v1/admin/staff/clerk.hoisach/enable')).statusCode).toBe(200);
    expect((await signIn('clerk.hoisach', 'dangky-demo-2026')).statusCode).toBe(200);
  });

  it('keeps the audit chain whole through all of it', async () => {
    expect((await verifyAudit(h.db)).ok).toBe(true);
  });
});

describe(`dangky-server admin bootstrap on ${dbKind}`, { timeout: 120_000 }, () => {
  it('creates the first administrator on a database without the demo, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dangky-bootstrap-'));
    const url = dbKind === 'postgres' ? await freshPostgresUrl() : undefined;
    const env: Record<string, string> = url ? { DATABASE_URL: url } : { DATA_DIR: dir };
    const cli = async (args: string[]) => {
      const out: string[] = [];
      const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t), env };
      return { code: await main(args, io), text: out.join('\n') };
    };
    try {
      const passwordFile = join(dir, 'password');
      await writeFile(passwordFile, 'short\n', { mode: 0o600 });
      const weak = await cli(['admin', 'bootstrap', '--username', 'admin.tinh', '--password-file', passwordFile, '--province', '79']);
      expect([weak.code, weak.text]).toEqual([1, expect.stringContaining('DK_ERR_PASSWORD_TOO_SHORT')]);
      await writeFile(passwordFile, 'quan tri thanh pho moi\n');
      expect((await cli(['admin', 'bootstrap', '--username', 'admin.tinh', '--password-file', join(dir, 'missing')])).code).toBe(2);
      const ok = await cli(['admin', 'bootstrap', '--username', 'Admin.Tinh', '--password-file', passwordFile, '--province', '79']);
      expect(ok).toEqual({ code: 0, text: expect.stringContaining('admin.tinh') });
      expect(ok.text).not.toContain('quan tri thanh pho moi');
      const twice = await cli(['admin', 'bootstrap', '--username', 'admin.khac', '--password-file', passwordFile]);
      expect([twice.code, twice.text]).toEqual([1, expect.stringContaining('DK_ERR_ALREADY_BOOTSTRAPPED')]);

      const db = await openDb({ DATABASE_URL: url, dataDir: dir });
      const app = await build({ db });
      try {
        expect(await db.query('SELECT id FROM sites')).toEqual([]);
        const res = await app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          payload: { username: 'admin.tinh', password: 'quan tri thanh pho moi' },
        });
        expect(loginResponse.parse(res.json()).user).toMatchObject({ role: 'admin', provinceCode: '79', mustChangePassword: false });
        const audit = await db.query<{ action: string; actor_role: string }>('SELECT action, actor_role FROM audit_log ORDER BY seq');
        expect(audit[0]).toEqual({ action: 'staff.created', actor_role: 'operator' });
      } finally {
        await app.close();
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
