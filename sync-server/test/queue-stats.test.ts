import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { queueHourlyProfile, queueStaffStats, queueStatsByPeriod } from '../src/reports/queue-stats.ts';
import { freshDb } from './harness.ts';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.close());

interface Row {
  grain: 'day' | 'week' | 'month';
  period: string;
  site?: string;
  arrivals: number;
  called?: number;
  noShows?: number;
  /** Waits in seconds, put in their buckets the way ingest does. */
  waitBuckets?: number[];
}

async function put(r: Row) {
  const wait = r.waitBuckets ?? [];
  const cols = wait.map((_, i) => `wait_h${i}`);
  await db.query(
    `INSERT INTO queue_stats (grain, period, site_id, desk, arrivals, called, no_shows, wait_count, wait_sum_s${cols.map((c) => `, ${c}`).join('')})
     VALUES ($1, $2, $3, 'token', $4, $5, $6, $7, $8${wait.map((_, i) => `, $${9 + i}`).join('')})`,
    [r.grain, r.period, r.site ?? 'hcm-ben-thanh', r.arrivals, r.called ?? 0, r.noShows ?? 0, wait.reduce((s, c) => s + c, 0), 0, ...wait],
  );
}

describe('waiting-room statistics from the projections', () => {
  beforeAll(async () => {
    // Week 10 (2 – 8 March 2026): its rollup row holds the whole week, days hold their own.
    await put({ grain: 'week', period: '2026-03-02', arrivals: 70 });
    await put({ grain: 'day', period: '2026-03-02', arrivals: 30 });
    await put({ grain: 'day', period: '2026-03-04', arrivals: 10, called: 8, noShows: 2, waitBuckets: [5, 3] });
    await put({ grain: 'week', period: '2026-03-09', arrivals: 55, called: 50, waitBuckets: [0, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] });
    await put({ grain: 'day', period: '2026-03-16', arrivals: 4 });
    await put({ grain: 'day', period: '2026-03-17', arrivals: 6 });
    await put({ grain: 'day', period: '2026-03-18', arrivals: 1000 }); // after the range
    await put({ grain: 'week', period: '2026-03-09', site: 'hcm-book-fair', arrivals: 900 }); // another site
  });

  it('by week: whole weeks from their rollup, the partial ends from their days, empty weeks as zero', async () => {
    const weeks = await queueStatsByPeriod(db, {
      scope: { siteIds: ['hcm-ben-thanh'] },
      from: '2026-03-04',
      to: '2026-03-17',
      grouping: 'week',
    });
    expect(weeks.map((w) => [w.key, w.from, w.to, w.arrivals])).toEqual([
      ['2026-W10', '2026-03-04', '2026-03-08', 10],
      ['2026-W11', '2026-03-09', '2026-03-15', 55],
      ['2026-W12', '2026-03-16', '2026-03-17', 10],
    ]);
    expect(weeks[0]).toMatchObject({ called: 8, noShows: 2, noShowRate: 0.25 });
    // 10 waits in [2, 5) min and 1 in the open last bucket: the p90 lies in [2, 5) min.
    expect(weeks[1]!.p90WaitSeconds).toBeGreaterThanOrEqual(120);
    expect(weeks[1]!.p90WaitSeconds).toBeLessThanOrEqual(300);
    expect(weeks[2]).toMatchObject({ meanWaitSeconds: null, p90WaitSeconds: null, noShowRate: null });
  });

  it('by day: every day of the range, the days with nothing as zeros', async () => {
    const days = await queueStatsByPeriod(db, {
      scope: { siteIds: ['hcm-ben-thanh'] },
      from: '2026-03-03',
      to: '2026-03-05',
      grouping: 'day',
    });
    expect(days.map((d) => [d.key, d.arrivals])).toEqual([
      ['2026-03-03', 0],
      ['2026-03-04', 10],
      ['2026-03-05', 0],
    ]);
  });

  it('a manager of several sites sees their sum', async () => {
    const weeks = await queueStatsByPeriod(db, {
      scope: { siteIds: ['hcm-ben-thanh', 'hcm-book-fair'] },
      from: '2026-03-09',
      to: '2026-03-15',
      grouping: 'week',
    });
    expect(weeks.map((w) => w.arrivals)).toEqual([955]);
  });

  it('the hourly profile and the per-clerk figures', async () => {
    await db.query(
      `INSERT INTO queue_hourly_stats (grain, period, site_id, hour, arrivals, called, completed) VALUES
       ('day', '2026-03-04', 'hcm-ben-thanh', 9, 7, 6, 5), ('week', '2026-03-09', 'hcm-ben-thanh', 9, 20, 19, 18),
       ('day', '2026-03-10', 'hcm-ben-thanh', 9, 100, 100, 100), ('day', '2026-03-16', 'hcm-ben-thanh', 14, 3, 3, 3)`,
    );
    const hours = await queueHourlyProfile(db, {
      scope: { siteIds: ['hcm-ben-thanh'] },
      from: '2026-03-04',
      to: '2026-03-17',
      grouping: 'week',
    });
    expect(hours).toHaveLength(24);
    expect(hours[9]).toEqual({ hour: 9, arrivals: 27, called: 25, completed: 23 });
    expect(hours[14]!.arrivals).toBe(3);
    expect(hours[8]!.arrivals).toBe(0);

    await db.query(
      `INSERT INTO queue_staff_stats (day, site_id, desk, counter_id, operator_id, called, no_shows, completed, service_count, service_sum_s) VALUES
       ('2026-03-04', 'hcm-ben-thanh', 'token', 'counter-1', 'clerk.benthanh', 10, 1, 9, 9, 2700),
       ('2026-03-05', 'hcm-ben-thanh', 'remote', 'counter-1', 'clerk.benthanh', 4, 0, 4, 4, 600)`,
    );
    const staff = await queueStaffStats(db, { siteIds: ['hcm-ben-thanh'], from: '2026-03-01', to: '2026-03-31' });
    expect(staff).toEqual([
      expect.objectContaining({
        counterId: 'counter-1',
        operatorId: 'clerk.benthanh',
        called: 14,
        completed: 13,
        noShows: 1,
        meanServiceSeconds: 3300 / 13,
      }),
    ]);
  });
});
