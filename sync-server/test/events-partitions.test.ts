import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { countsReportResponse, loginResponse } from '@dangky/core/protocol';
import { detachEventMonth, ensureEventPartitions } from '../src/db/event-partitions.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const KIOSK2 = 'kiosk-hcm-book-fair-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const at = '2026-11-22T03:00:00.000Z';

async function push(deviceId: string, events: unknown[]) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/sync/push',
    headers: { authorization: h.device(deviceId).auth },
    payload: { deviceId, events },
  });
  expect(res.statusCode).toBe(200);
  return (res.json() as { results: { status: string }[] }).results.map((r) => r.status);
}
const partitionOf = async (id: string) =>
  (await h.db.query<{ p: string }>('SELECT tableoid::regclass::text AS p FROM events WHERE id = $1', [id]))[0]?.p;
const refused = async (sql: string) => {
  await expect(h.db.query(sql)).rejects.toThrow(/append-only/);
};
/** An event whose UUIDv7 says it was made at `t` (a device clock far off, or an old month). */
const madeAt = <E extends { id: string }>(e: E, t: number): E => ({ ...e, id: uuidv7({ now: t }) });

describe(`events partitioned by month on ${dbKind}`, () => {
  const k = deviceEvents(KIOSK);
  let ticket = 0;
  const submitted = () => k.submitted({ siteId: 'hcm-ben-thanh', ticket: `A-${String(++ticket).padStart(3, '0')}`, day: '2026-11-22', at });

  it('stores each event in the partition of its id’s month and keeps every partition append-only', async () => {
    const now = submitted();
    expect(await push(KIOSK, [now])).toEqual(['accepted']);
    const month = new Date(Number.parseInt(now.id.replace(/-/g, '').slice(0, 12), 16)).toISOString().slice(0, 7).replace('-', '_');
    expect(await partitionOf(now.id)).toBe(`events_${month}`);
    await refused(`DELETE FROM events WHERE id = '${now.id}'`);
    await refused(`UPDATE events_${month} SET seq = 99 WHERE id = '${now.id}'`);
    await refused('TRUNCATE events');
    await refused(`TRUNCATE events_${month}`);
    await refused('TRUNCATE events_default');
  });

  it('keeps an event from a month with no partition in events_default, and moves it when its month is created', async () => {
    const far = madeAt(submitted(), Date.UTC(2031, 4, 3));
    expect(await push(KIOSK, [far])).toEqual(['accepted']);
    expect(await partitionOf(far.id)).toBe('events_default');
    expect(await ensureEventPartitions(h.db, new Date(Date.UTC(2031, 4, 20)), 0)).toEqual(['events_2031_05']);
    expect(await partitionOf(far.id)).toBe('events_2031_05');
    const [{ n }] = (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE id = $1', [far.id])) as [{ n: number }];
    expect(n).toBe(1);
    // The same id again is still a duplicate: the primary key spans every partition.
    expect(await push(KIOSK, [far])).toEqual(['duplicate']);
    await refused(`DELETE FROM events_2031_05`);
  });

  it('detaches an old month for archive without touching the rest; the archived table stays append-only', async () => {
    await ensureEventPartitions(h.db, new Date(Date.UTC(2025, 0, 10)), 0);
    const old = madeAt(submitted(), Date.UTC(2025, 0, 10));
    const recent = submitted();
    expect(await push(KIOSK, [old, recent])).toEqual(['accepted', 'accepted']);
    expect(await partitionOf(old.id)).toBe('events_2025_01');
    const before = (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;

    expect(await detachEventMonth(h.db, '2025-01-01')).toBe('events_2025_01');
    expect((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n).toBe(before - 1);
    expect(await partitionOf(recent.id)).toBeDefined();
    expect((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events_2025_01'))[0]!.n).toBe(1);
    await refused('DELETE FROM events_2025_01');
    await refused('TRUNCATE events_2025_01');
    // Ingest carries on.
    expect(await push(KIOSK, [submitted()])).toEqual(['accepted']);
  });
});

describe(`report rollups at ingest on ${dbKind}`, () => {
  it('counts per site and per province, by day and by month, once per event', async () => {
    const a = deviceEvents(KIOSK, 1000);
    const b = deviceEvents(KIOSK2);
    const c = deviceEvents(COUNTER);
    const day = '2026-10-05';
    const atDay = '2026-10-05T03:00:00.000Z';
    const s1 = a.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-901', day, at: atDay, providerId: 'vnpt' });
    const s2 = a.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-902', day, at: atDay, providerId: 'viettel' });
    const s3 = b.submitted({ siteId: 'hcm-book-fair', ticket: 'B-901', day, at: atDay, providerId: 'vnpt' });
    expect(await push(KIOSK, [s1, s2])).toEqual(['accepted', 'accepted']);
    expect(await push(KIOSK2, [s3])).toEqual(['accepted']);
    const id = s1.payload.registrationId;
    const done = [c.called(id, 'clerk.benthanh', '2026-10-06T02:00:00.000Z'), c.issued(id, 'clerk.benthanh', '2026-10-06T02:05:00.000Z')];
    expect(await push(COUNTER, done)).toEqual(['accepted', 'accepted']);
    // Replays change nothing.
    expect(await push(KIOSK, [s1, s2])).toEqual(['duplicate', 'duplicate']);

    const site = await h.db.query(
      `SELECT grain, period::text AS period, site_id, provider_id, submitted, completed FROM site_counts
       WHERE period >= '2026-10-01' AND period < '2026-11-01' ORDER BY site_id, grain, period, provider_id`,
    );
    expect(site).toEqual([
      { grain: 'day', period: '2026-10-05', site_id: 'hcm-ben-thanh', provider_id: 'viettel', submitted: 1, completed: 0 },
      { grain: 'day', period: '2026-10-05', site_id: 'hcm-ben-thanh', provider_id: 'vnpt', submitted: 1, completed: 0 },
      { grain: 'day', period: '2026-10-06', site_id: 'hcm-ben-thanh', provider_id: 'vnpt', submitted: 0, completed: 1 },
      { grain: 'month', period: '2026-10-01', site_id: 'hcm-ben-thanh', provider_id: 'viettel', submitted: 1, completed: 0 },
      { grain: 'month', period: '2026-10-01', site_id: 'hcm-ben-thanh', provider_id: 'vnpt', submitted: 1, completed: 1 },
      { grain: 'day', period: '2026-10-05', site_id: 'hcm-book-fair', provider_id: 'vnpt', submitted: 1, completed: 0 },
      { grain: 'month', period: '2026-10-01', site_id: 'hcm-book-fair', provider_id: 'vnpt', submitted: 1, completed: 0 },
    ]);
    const province = await h.db.query(
      `SELECT grain, period::text AS period, province_code, provider_id, submitted, completed FROM province_counts
       WHERE period >= '2026-10-01' AND period < '2026-11-01' ORDER BY grain, period, provider_id`,
    );
    expect(province).toEqual([
      { grain: 'day', period: '2026-10-05', province_code: '79', provider_id: 'viettel', submitted: 1, completed: 0 },
      { grain: 'day', period: '2026-10-05', province_code: '79', provider_id: 'vnpt', submitted: 2, completed: 0 },
      { grain: 'day', period: '2026-10-06', province_code: '79', provider_id: 'vnpt', submitted: 0, completed: 1 },
      { grain: 'month', period: '2026-10-01', province_code: '79', provider_id: 'viettel', submitted: 1, completed: 0 },
      { grain: 'month', period: '2026-10-01', province_code: '79', provider_id: 'vnpt', submitted: 2, completed: 1 },
    ]);
  });
});

describe(`the counts report from the rollups on ${dbKind}`, () => {
  const login = async (username: string) =>
    loginResponse.parse(
      (await h.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: 'dangky-demo-2026' } })).json(),
    ).token;
  const get = async (query: string, username: string) =>
    h.app.inject({ method: 'GET', url: `/v1/reports/counts?${query}`, headers: { authorization: `Bearer ${await login(username)}` } });

  it("adds a province's sites by month and one site by day, every period listed, and refuses a scope beyond the manager", async () => {
    const k = deviceEvents(KIOSK, 2000);
    const day = '2026-09-10';
    const s = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-950', day, at: '2026-09-10T03:00:00.000Z', providerId: 'vnpt' });
    expect(await push(KIOSK, [s])).toEqual(['accepted']);

    const province = countsReportResponse.parse((await get('scope=province&from=2026-08-01&to=2026-09-30', 'manager.hcm')).json());
    expect(province.grouping).toBe('month');
    expect(province.periods.map((p) => p.key)).toEqual(['2026-08', '2026-09']);
    expect(province.units.map((u) => u.id)).toContain('hcm-book-fair');
    expect(province.rows).toEqual([
      {
        period: '2026-09',
        unit: 'hcm-ben-thanh',
        service: expect.any(String),
        channel: expect.anything(),
        providerId: 'vnpt',
        submitted: 1,
        completed: 0,
        cancelled: 0,
      },
    ]);

    const site = countsReportResponse.parse((await get('scope=site&from=2026-09-09&to=2026-09-11', 'manager.benthanh')).json());
    expect(site.periods.map((p) => p.key)).toEqual(['2026-09-09', '2026-09-10', '2026-09-11']);
    expect(site.rows.map((r) => [r.period, r.unit, r.submitted])).toEqual([['2026-09-10', 'hcm-ben-thanh', 1]]);

    expect((await get('scope=site&unit=hcm-book-fair&from=2026-09-09&to=2026-09-11', 'manager.benthanh')).statusCode).toBe(403);
    expect((await get('scope=province&from=2026-09-09&to=2026-09-11', 'manager.benthanh')).statusCode).toBe(403);
    expect((await get('scope=national&from=2026-09-09&to=2026-09-11', 'manager.hcm')).statusCode).toBe(403);
  });

  it('counts an e-ID hand-off as completed and the officer’s result on the day it was recorded; what a counter records while serving counts nothing', async () => {
    const k = deviceEvents(KIOSK, 3000);
    const c = deviceEvents(COUNTER, 3000);
    const s = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-960', day: '2026-08-14', at: '2026-08-14T03:00:00.000Z', eid: true });
    const id = s.payload.registrationId;
    const by = { registrationId: id, operatorId: 'clerk.benthanh' };
    expect(await push(KIOSK, [s])).toEqual(['accepted']);
    const served = [
      c.called(id, 'clerk.benthanh', '2026-08-14T03:10:00.000Z'),
      c.event(
        'identity.chip-read',
        {
          ...by,
          verdict: 'verified',
          fields: { idNumber: 'match', fullName: 'match', birthDate: 'match', sex: 'match' },
          cardExpiry: 'valid',
          purpose: 'issuance',
        } as never,
        '2026-08-14T03:11:00.000Z',
      ),
      c.event(
        'registration.corrected',
        { ...by, changes: { address: '9 Lê Lợi, TP. Hồ Chí Minh' }, source: 'typed', reason: 'typo' } as never,
        '2026-08-14T03:12:00.000Z',
      ),
      c.event('eid.level2.recorded', { ...by, outcome: 'handed-to-officer' } as never, '2026-08-14T03:15:00.000Z'),
      c.event(
        'eid.level2.result-recorded',
        { ...by, result: 'pending', officerReference: 'BN-2026/0815' } as never,
        '2026-08-15T02:00:00.000Z',
      ),
      c.event(
        'eid.level2.result-recorded',
        { ...by, result: 'refused', officerReference: 'BN-2026/0815', reason: 'Ảnh chân dung không đạt' } as never,
        '2026-08-16T02:00:00.000Z',
      ),
    ];
    expect(await push(COUNTER, served)).toEqual(served.map(() => 'accepted'));

    const site = countsReportResponse.parse((await get('scope=site&from=2026-08-14&to=2026-08-16', 'manager.benthanh')).json());
    expect(site.rows.map((r) => [r.period, r.service, r.submitted, r.completed, r.cancelled, r.eidApproved, r.eidRefused])).toEqual([
      ['2026-08-14', 'eid-level2', 1, 1, 0, 0, 0],
      ['2026-08-16', 'eid-level2', 0, 0, 0, 0, 1],
    ]);

    // The manager's CSV export carries the officer's results too.
    const csv = await h.app.inject({
      method: 'GET',
      url: '/v1/reports/daily-counts?from=2026-08-14&to=2026-08-16&format=csv',
      headers: { authorization: `Bearer ${await login('manager.benthanh')}` },
    });
    const lines = csv.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(-2)).toEqual(['eid_approved', 'eid_refused']);
    // day, submitted, completed, cancelled, approved, refused (rows per clerk: the kiosk's has none)
    expect(lines.slice(1).map((l) => [l.split(',')[0], ...l.split(',').slice(-5)])).toEqual([
      ['2026-08-14', '1', '0', '0', '0', '0'],
      ['2026-08-14', '0', '1', '0', '0', '0'],
      ['2026-08-16', '0', '0', '0', '0', '1'],
    ]);
  });
});
