import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyCountsResponse, loginResponse } from '@dangky/core/protocol';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

let h: Harness;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  h = await harness();
  for (const username of ['clerk.benthanh', 'manager.benthanh', 'manager.hcm']) {
    const res = await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: 'dangky-demo-2026' } });
    tokens[username] = loginResponse.parse(res.json()).token;
  }
  // One registration at each site on 22 Nov (Ho Chi Minh), one at Bến Thành on 21 Nov at 23:59.
  const a = deviceEvents('kiosk-hcm-ben-thanh-1');
  const b = deviceEvents('kiosk-hcm-book-fair-1');
  const push = (deviceId: string, events: unknown[]) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: h.device(deviceId).auth },
      payload: { deviceId, events },
    });
  await push('kiosk-hcm-ben-thanh-1', [
    a.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: '2026-11-21', at: '2026-11-21T16:59:00.000Z' }),
    a.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: '2026-11-22', at: '2026-11-21T17:00:00.000Z', eid: true }),
  ]);
  await push('kiosk-hcm-book-fair-1', [
    b.submitted({
      siteId: 'hcm-book-fair',
      ticket: 'B-001',
      day: '2026-11-22',
      at: '2026-11-22T05:00:00.000Z',
      channel: 'remote',
      providerId: 'misa',
    }),
  ]);
});
afterAll(() => h.close());

const get = (url: string, who?: string) =>
  h.app.inject({ method: 'GET', url, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });

describe(`staff sign-in and reports on ${dbKind}`, () => {
  it('signs in with the right password only, and stores no plain token or password', async () => {
    const wrong = await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'manager.hcm', password: 'nope' } });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'DK_ERR_BAD_CREDENTIALS']);
    const nobody = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'nobody', password: 'dangky-demo-2026' },
    });
    expect(nobody.statusCode).toBe(401);
    const stored =
      JSON.stringify(await h.db.query('SELECT * FROM sessions')) + JSON.stringify(await h.db.query('SELECT password_hash FROM staff'));
    expect(stored).not.toContain(tokens['manager.hcm']);
    expect(stored).not.toContain('dangky-demo-2026');
    expect(stored).toMatch(/scrypt\$32768\$8\$1\$/);
    const me = await get('/v1/auth/me', 'manager.hcm');
    expect(me.json().user).toMatchObject({ id: 'manager.hcm', role: 'city-manager', provinceCode: '79' });
  });

  it('appends sign-ins, failed sign-ins and sign-outs to the audit log, never the password typed', async () => {
    const failed = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'clerk.benthanh', password: 'wrong-one' },
    });
    expect(failed.statusCode).toBe(401);
    await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'dangky-demo-2026', password: 'x' } });
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { username: 'clerk.benthanh', password: 'dangky-demo-2026' },
    });
    const { token } = loginResponse.parse(res.json());
    await h.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    const rows = await h.db.query<{ actor_id: string; action: string; detail: string }>(
      "SELECT actor_id, action, detail FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq DESC LIMIT 4",
    );
    expect(rows.reverse().map((r) => [r.actor_id, r.action])).toEqual([
      ['clerk.benthanh', 'auth.sign-in-failed'],
      ['unknown', 'auth.sign-in-failed'],
      ['clerk.benthanh', 'auth.signed-in'],
      ['clerk.benthanh', 'auth.signed-out'],
    ]);
    expect(JSON.parse(rows[0]!.detail)).toEqual({ code: 'DK_ERR_BAD_CREDENTIALS' });
    expect(JSON.stringify(await h.db.query('SELECT * FROM audit_log'))).not.toContain('dangky-demo-2026');
  });

  it('counts per Ho Chi Minh day: 16:59Z is the 21st, 17:00Z the 22nd', async () => {
    const res = dailyCountsResponse.parse((await get('/v1/reports/daily-counts?from=2026-11-21&to=2026-11-22', 'manager.hcm')).json());
    const byDaySite = res.rows.map((r) => [r.day, r.siteId, r.service, r.channel, r.providerId, r.submitted]);
    expect(byDaySite).toEqual([
      ['2026-11-21', 'hcm-ben-thanh', 'digital-signature', 'token', 'vnpt', 1],
      ['2026-11-22', 'hcm-ben-thanh', 'eid-level2', null, null, 1],
      ['2026-11-22', 'hcm-book-fair', 'digital-signature', 'remote', 'misa', 1],
    ]);
    expect(res.sites.map((s) => s.id)).toEqual(['hcm-ben-thanh', 'hcm-book-fair']);
  });

  it('shows a site manager only their site, refuses another site and refuses clerks', async () => {
    const own = dailyCountsResponse.parse((await get('/v1/reports/daily-counts?from=2026-11-21&to=2026-11-22', 'manager.benthanh')).json());
    expect(new Set(own.rows.map((r) => r.siteId))).toEqual(new Set(['hcm-ben-thanh']));
    const other = await get('/v1/reports/daily-counts?from=2026-11-21&to=2026-11-22&siteId=hcm-book-fair', 'manager.benthanh');
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'DK_ERR_FORBIDDEN']);
    const clerk = await get('/v1/reports/daily-counts?from=2026-11-21&to=2026-11-22', 'clerk.benthanh');
    expect(clerk.statusCode).toBe(403);
    const anon = await get('/v1/reports/daily-counts?from=2026-11-21&to=2026-11-22');
    expect(anon.statusCode).toBe(401);
  });

  it('refuses an inverted or over-long range', async () => {
    for (const q of ['from=2026-11-22&to=2026-11-21', 'from=2024-01-01&to=2026-01-01', 'from=2026-02-30&to=2026-03-01']) {
      const res = await get(`/v1/reports/daily-counts?${q}`, 'manager.hcm');
      expect(res.statusCode).toBe(400);
    }
  });

  it('downloads CSV with a BOM, a header and quoted Vietnamese names', async () => {
    const res = await get('/v1/reports/daily-counts?from=2026-11-21&to=2026-11-22&format=csv', 'manager.hcm');
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toContain('dangky-daily-counts-2026-11-21-2026-11-22.csv');
    const text = res.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'day,site_id,site_name,service,channel,provider_id,operator_id,submitted,completed,cancelled,eid_approved,eid_refused',
    );
    expect(lines).toHaveLength(4);
    // A signature row has no officer's results: empty, not zero.
    expect(lines[3]).toBe('2026-11-22,hcm-book-fair,Gian hàng Hội sách TP.HCM,digital-signature,remote,misa,,1,0,0,,');
  });

  it('serves the wards of Hồ Chí Minh city from the 2025 units', async () => {
    const res = (await h.app.inject({ method: 'GET', url: '/v1/reference/admin-units?province=79' })).json();
    expect(res.units.length).toBeGreaterThan(100);
    expect(res.units.map((u: { name: string }) => u.name)).toContain('Bến Thành');
  });
});
