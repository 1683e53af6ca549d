import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/auth/secrets.ts';
import { queueHourlyProfile, queueStaffStats, queueStatsByPeriod } from '../src/reports/queue-stats.ts';
import { deviceEvents } from './events.ts';
import { dbKind, harness, type Harness } from './harness.ts';

/**
 * The waiting-room statistics are kept at ingest: pushes through the HTTP API fill the per-site,
 * per-clerk, hourly and per-province rows, and a province's figures are exactly its sites'.
 */
let h: Harness;
const HANOI_SECRET = 'hanoi-kiosk-secret-0123456789';
beforeAll(async () => {
  h = await harness();
  // A site in another province, so the province rollup has something to leave out.
  await h.db.query("INSERT INTO sites (id, name, kind, province_code) VALUES ('hn-hoan-kiem', 'UBND phường Hoàn Kiếm', 'office', '01')");
  await h.db.query(
    "INSERT INTO devices (id, site_id, kind, ticket_prefix, secret_sha256) VALUES ('kiosk-hn-1', 'hn-hoan-kiem', 'kiosk', 'H', $1)",
    [sha256(HANOI_SECRET)],
  );
});
afterAll(() => h.close());

async function push(deviceId: string, events: unknown[]) {
  const auth = deviceId === 'kiosk-hn-1' ? `Device kiosk-hn-1:${HANOI_SECRET}` : h.device(deviceId).auth;
  const res = await h.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: auth }, payload: { deviceId, events } });
  const statuses = (res.json() as { results: { status: string }[] }).results.map((r) => r.status);
  return statuses;
}

// Monday 2 March 2026; 09:00 in Ho Chi Minh is 02:00Z.
const DAY = '2026-03-02';
const t = (hhmm: string) => `${DAY}T0${Number(hhmm.slice(0, 2)) - 7}:${hhmm.slice(3)}:00.000Z`;

describe(`waiting-room statistics kept at ingest on ${dbKind}`, () => {
  let batches: { deviceId: string; events: unknown[] }[];

  beforeAll(async () => {
    const kiosk = deviceEvents('kiosk-hcm-ben-thanh-1');
    const counter = deviceEvents('counter-hcm-ben-thanh-1');
    const a1 = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: DAY, at: t('09:00') });
    const a2 = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-002', day: DAY, at: t('09:00') });
    const a3 = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-003', day: DAY, at: t('09:05'), priority: true });
    const [r1, r2] = [a1.payload.registrationId, a2.payload.registrationId];
    const fairKiosk = deviceEvents('kiosk-hcm-book-fair-1');
    const fairCounter = deviceEvents('counter-hcm-book-fair-1');
    const b1 = fairKiosk.submitted({ siteId: 'hcm-book-fair', ticket: 'B-001', day: DAY, at: t('10:00') });
    const hanoi = deviceEvents('kiosk-hn-1');
    batches = [
      { deviceId: 'kiosk-hcm-ben-thanh-1', events: [a1, a2, a3] },
      {
        deviceId: 'counter-hcm-ben-thanh-1',
        events: [
          counter.called(r1, 'clerk.benthanh', t('09:10')), // waited 600 s
          counter.issued(r1, 'clerk.benthanh', t('09:15')), // served 300 s
          counter.called(r2, 'clerk.benthanh', t('09:12')), // waited 720 s
          counter.called(r2, 'clerk.benthanh', t('09:14')), // a recall: no new call, no new wait
          counter.cancelled(r2, 'clerk.benthanh', t('09:20')),
        ],
      },
      { deviceId: 'kiosk-hcm-book-fair-1', events: [b1] },
      {
        deviceId: 'counter-hcm-book-fair-1',
        events: [
          fairCounter.called(b1.payload.registrationId, 'clerk.hoisach', t('10:01')), // waited 60 s
          fairCounter.issued(b1.payload.registrationId, 'clerk.hoisach', t('10:03')), // served 120 s
        ],
      },
      { deviceId: 'kiosk-hn-1', events: [hanoi.submitted({ siteId: 'hn-hoan-kiem', ticket: 'H-001', day: DAY, at: t('09:30') })] },
    ];
    for (const b of batches) expect(await push(b.deviceId, b.events)).toEqual(b.events.map(() => 'accepted'));
  });

  it('counts arrivals (those that asked for priority apart), first calls with their waits, outcomes with their service times, by day, week and month', async () => {
    const rows = await h.db.query<Record<string, number | string>>(
      `SELECT grain, arrivals, priority_arrivals, called, completed, cancelled, wait_count, wait_sum_s, wait_h3, service_count, service_sum_s, service_sumsq_s, service_h4
       FROM queue_stats WHERE site_id = 'hcm-ben-thanh' AND desk = 'token' ORDER BY grain`,
    );
    const expected = {
      arrivals: 3,
      priority_arrivals: 1, // A-003 asked for priority at the kiosk
      called: 2,
      completed: 1,
      cancelled: 1,
      wait_count: 2,
      wait_sum_s: 1320,
      wait_h3: 2, // 600 s and 720 s: both in [10, 15) min
      service_count: 1,
      service_sum_s: 300,
      service_sumsq_s: 90_000,
      service_h4: 1, // 300 s: [5, 7) min
    };
    expect(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'grain' ? v : Number(v)])))).toEqual(
      (['day', 'month', 'week'] as const).map((grain) => ({ grain, ...expected })),
    );
    const periods = await h.db.query<{ grain: string; period: string }>(
      "SELECT grain, period::text AS period FROM queue_stats WHERE site_id = 'hcm-ben-thanh' ORDER BY grain",
    );
    expect(periods).toEqual([
      { grain: 'day', period: DAY },
      { grain: 'month', period: '2026-03-01' },
      { grain: 'week', period: DAY },
    ]);
  });

  it('per counter and clerk, and by hour of the day', async () => {
    const staff = await queueStaffStats(h.db, { siteIds: ['hcm-ben-thanh'], from: DAY, to: DAY });
    expect(staff).toEqual([
      expect.objectContaining({
        counterId: 'counter-hcm-ben-thanh-1',
        operatorId: 'clerk.benthanh',
        called: 2,
        completed: 1,
        cancelled: 1,
        meanServiceSeconds: 300,
      }),
    ]);
    const hours = await queueHourlyProfile(h.db, { scope: { siteIds: ['hcm-ben-thanh'] }, from: DAY, to: DAY, grouping: 'day' });
    expect(hours[9]).toEqual({ hour: 9, arrivals: 3, called: 2, completed: 1 });
  });

  it("a province's figures are exactly its sites', and another province's sites are not among them", async () => {
    for (const grouping of ['day', 'week', 'month'] as const) {
      const q = { from: '2026-02-23', to: '2026-03-08', grouping };
      const bySites = await queueStatsByPeriod(h.db, { ...q, scope: { siteIds: ['hcm-ben-thanh', 'hcm-book-fair'] } });
      const byProvince = await queueStatsByPeriod(h.db, { ...q, scope: { provinceCodes: ['79'] } });
      expect(byProvince).toEqual(bySites);
      expect(await queueHourlyProfile(h.db, { ...q, scope: { provinceCodes: ['79'] } })).toEqual(
        await queueHourlyProfile(h.db, { ...q, scope: { siteIds: ['hcm-ben-thanh', 'hcm-book-fair'] } }),
      );
    }
    const [day] = await queueStatsByPeriod(h.db, { scope: { provinceCodes: ['79'] }, from: DAY, to: DAY, grouping: 'day' });
    expect(day).toMatchObject({ arrivals: 4, called: 3, completed: 2, cancelled: 1, meanWaitSeconds: (600 + 720 + 60) / 3 });
    const [country] = await queueStatsByPeriod(h.db, { scope: { provinceCodes: ['01', '79'] }, from: DAY, to: DAY, grouping: 'day' });
    expect(country!.arrivals).toBe(5);
  });

  it('a replayed push adds nothing', async () => {
    const snapshot = async () =>
      JSON.stringify([
        await h.db.query('SELECT * FROM queue_stats ORDER BY grain, period, site_id, desk'),
        await h.db.query('SELECT * FROM queue_province_stats ORDER BY grain, period, province_code, desk'),
        await h.db.query('SELECT * FROM queue_staff_stats ORDER BY day, site_id, desk, counter_id, operator_id'),
        await h.db.query('SELECT * FROM queue_province_hourly_stats ORDER BY grain, period, province_code, hour'),
      ]);
    const before = await snapshot();
    for (const b of batches) expect(new Set(await push(b.deviceId, b.events))).toEqual(new Set(['duplicate']));
    expect(await snapshot()).toBe(before);
  });
});
