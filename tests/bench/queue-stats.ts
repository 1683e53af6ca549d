/**
 * The manager's waiting-room statistics at national scale: one year × 1,000 sites in 34 provinces
 * of synthetic projection rows (migration 0007: per site and desk by day, ISO week and month; per
 * counter and clerk by day; the hourly profile by grain; migration 0010: the same rolled up per
 * province, summed from the site rows as ingest does), then the statistics page's queries timed —
 * a national manager's year by month (with a partial first and last month, summed from weeks and
 * days) and its hourly profile, from the province rows; a city manager's province by week over a
 * quarter; one site's year by month and its clerks. On PostgreSQL (the target; PGlite too with
 * --pglite). Prints p50/p95 per query and for all of them in a row (the "page", an upper bound of
 * any one manager's page), then one JSON line with PostgreSQL's page p95.
 *
 *   npx tsx tests/bench/queue-stats.ts [--runs 30] [--sites 1000] [--pglite]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPglite, openPostgres, queueHourlyProfile, queueStaffStats, queueStatsByPeriod, type Db } from '@dangky/sync-server';
import { startPostgres } from '../setup/postgres.ts';
import { numberArg } from './bench-args.ts';

const RUNS = numberArg('runs', 30);
const SITES = numberArg('sites', 1000);
const WITH_PGLITE = process.argv.includes('--pglite');
const TARGET_MS = 300;
const PROVINCES = 34;
const provinceOf = (site: number) => String((site % PROVINCES) + 1).padStart(2, '0');
const YEAR_FROM = '2025-01-01';
const YEAR_TO = '2025-12-31';

const hist = (prefix: string) => Array.from({ length: 12 }, (_, i) => `${prefix}${i}`);
// Plausible per-row figures from cheap hashes of the row's keys: the query does the same work as with real data.
const MEASURES = `arrivals, priority_arrivals, called, no_shows, completed, cancelled, wait_count, wait_sum_s, service_count, service_sum_s, service_sumsq_s, ${hist('wait_h').join(', ')}, ${hist('service_h').join(', ')}`;
const VALUES = (k: string) =>
  `40 + (${k}) % 17, (${k}) % 5, 38 + (${k}) % 13, (${k}) % 3, 35 + (${k}) % 11, (${k}) % 2, 38, 38 * (300 + (${k}) % 600), 35, 35 * 240.0, 35 * 70000.0, ` +
  `${hist('')
    .map((_, i) => `((${k}) + ${i}) % ${7 + i}`)
    .join(', ')}, ${hist('')
    .map((_, i) => `((${k}) * 3 + ${i}) % ${5 + i}`)
    .join(', ')}`;

async function fill(db: Db) {
  const t0 = performance.now();
  const sites = `SELECT 'site-' || lpad(s::text, 4, '0') AS site_id, s FROM generate_series(1, ${SITES}) AS s`;
  const desks = `SELECT unnest(ARRAY['token', 'remote', 'eid-level2']) AS desk, generate_series(1, 3) AS d`;
  const grains = [
    [
      'day',
      `SELECT d::date AS period, extract(doy FROM d)::int AS n FROM generate_series('${YEAR_FROM}'::date, '${YEAR_TO}'::date, '1 day') AS d`,
    ],
    [
      'week',
      `SELECT d::date AS period, extract(week FROM d)::int AS n FROM generate_series('2024-12-30'::date, '${YEAR_TO}'::date, '7 days') AS d`,
    ],
    [
      'month',
      `SELECT d::date AS period, extract(month FROM d)::int AS n FROM generate_series('${YEAR_FROM}'::date, '${YEAR_TO}'::date, '1 month') AS d`,
    ],
  ] as const;
  for (const [grain, periods] of grains) {
    await db.exec(
      `INSERT INTO queue_stats (grain, period, site_id, desk, ${MEASURES})
       SELECT '${grain}', p.period, s.site_id, k.desk, ${VALUES('s.s * 7 + p.n * 13 + k.d')}
       FROM (${sites}) s CROSS JOIN (${periods}) p CROSS JOIN (${desks}) k`,
    );
    await db.exec(
      `INSERT INTO queue_hourly_stats (grain, period, site_id, hour, arrivals, called, completed)
       SELECT '${grain}', p.period, s.site_id, h, 5 + (s.s + p.n + h) % 9, 5 + (s.s + h) % 8, 4 + (p.n + h) % 7
       FROM (${sites}) s CROSS JOIN (${periods}) p CROSS JOIN generate_series(7, 18) AS h`,
    );
  }
  // Three counters per site, each with its clerk, on the desk it serves.
  // The sites with their provinces, and the province rollups summed from the site rows.
  await db.exec(
    `INSERT INTO sites (id, name, kind, province_code)
     SELECT site_id, 'Site ' || s, 'office', lpad(((s % ${PROVINCES}) + 1)::text, 2, '0') FROM (${sites}) AS x`,
  );
  const sum = (cols: string) =>
    cols
      .split(', ')
      .map((c) => `SUM(${c})`)
      .join(', ');
  await db.exec(
    `INSERT INTO queue_province_stats (grain, period, province_code, desk, ${MEASURES})
     SELECT q.grain, q.period, s.province_code, q.desk, ${sum(MEASURES)}
     FROM queue_stats q JOIN sites s ON s.id = q.site_id GROUP BY 1, 2, 3, 4`,
  );
  await db.exec(
    `INSERT INTO queue_province_hourly_stats (grain, period, province_code, hour, arrivals, called, completed)
     SELECT q.grain, q.period, s.province_code, q.hour, SUM(q.arrivals), SUM(q.called), SUM(q.completed)
     FROM queue_hourly_stats q JOIN sites s ON s.id = q.site_id GROUP BY 1, 2, 3, 4`,
  );
  await db.exec(
    `INSERT INTO queue_staff_stats (day, site_id, desk, counter_id, operator_id, ${MEASURES})
     SELECT p.period, s.site_id, k.desk, 'counter-' || k.d, 'clerk-' || s.s || '-' || k.d, ${VALUES('s.s * 5 + p.n * 11 + k.d')}
     FROM (${sites}) s CROSS JOIN (${grains[0][1]}) p CROSS JOIN (${desks}) k`,
  );
  await db.exec('ANALYZE');
  const [count] = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM queue_stats) + (SELECT count(*) FROM queue_hourly_stats) + (SELECT count(*) FROM queue_staff_stats)
          + (SELECT count(*) FROM queue_province_stats) + (SELECT count(*) FROM queue_province_hourly_stats) AS n`,
  );
  return { rows: Number(count!.n), seconds: (performance.now() - t0) / 1000 };
}

const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function run(kind: 'postgres' | 'pglite', db: Db) {
  process.stderr.write(`${kind}: filling ${SITES} sites × 1 year of projection rows…\n`);
  await migrate(db);
  const filled = await fill(db);
  process.stderr.write(`${kind}: ${filled.rows.toLocaleString('en')} rows in ${filled.seconds.toFixed(1)} s; timing ${RUNS} page loads…\n`);
  const country = { provinceCodes: Array.from({ length: PROVINCES }, (_, i) => String(i + 1).padStart(2, '0')) };
  const site = 'site-0001';
  const year = { from: '2025-01-15', to: '2026-01-14', grouping: 'month' } as const;
  const queries = {
    nationalYearByMonth: () => queueStatsByPeriod(db, { scope: country, ...year }),
    nationalYearHourly: () => queueHourlyProfile(db, { scope: country, ...year }),
    provinceQuarterByWeek: () =>
      queueStatsByPeriod(db, { scope: { provinceCodes: [provinceOf(1)] }, from: '2025-04-03', to: '2025-06-30', grouping: 'week' }),
    siteYearByMonth: () => queueStatsByPeriod(db, { scope: { siteIds: [site] }, ...year }),
    siteYearPerClerk: () => queueStaffStats(db, { siteIds: [site], from: YEAR_FROM, to: YEAR_TO }),
  };
  const times: Record<string, number[]> = Object.fromEntries([...Object.keys(queries), 'page'].map((k) => [k, []]));
  for (let r = 0; r < RUNS + 2; r++) {
    const page0 = performance.now();
    for (const [name, q] of Object.entries(queries)) {
      const t = performance.now();
      const out = await q();
      if (r >= 2) times[name]!.push(performance.now() - t);
      if (r === 0 && !out.some((x) => x.called > 0)) throw new Error(`${name} returned nothing`);
    }
    if (r >= 2) times.page!.push(performance.now() - page0); // the first two runs warm caches
  }
  await db.close();
  return Object.entries(times).map(([query, t]) => ({ db: kind, query, p50ms: +pct(t, 50).toFixed(1), p95ms: +pct(t, 95).toFixed(1) }));
}

const results: Awaited<ReturnType<typeof run>> = [];
const pg = await startPostgres();
try {
  results.push(...(await run('postgres', await openPostgres(pg.url))));
} finally {
  await pg.stop();
}
// PGlite (one wasm process) takes many minutes to fill 7.5 million rows: only when asked.
if (WITH_PGLITE) {
  const dir = await mkdtemp(join(tmpdir(), 'dangky-bench-'));
  try {
    results.push(...(await run('pglite', await openPglite(join(dir, 'pglite')))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
console.table(results);
const page = (db: string) => results.find((r) => r.db === db && r.query === 'page');
console.log(
  JSON.stringify({
    bench: 'queue-stats',
    p95Ms: page('postgres')!.p95ms,
    target: TARGET_MS,
    sites: SITES,
    days: 365,
    ...(WITH_PGLITE ? { pglitePageP95Ms: page('pglite')!.p95ms } : {}),
    queries: results.filter((r) => r.query !== 'page'),
  }),
);
