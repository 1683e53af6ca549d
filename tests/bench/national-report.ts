/**
 * The counts report at national volume: rollup rows equivalent to 50 million registrations over one
 * year at 1,000 sites in 34 provinces (generated directly into `site_counts` and `province_counts`,
 * by day and by month, as ingest keeps them), then the counts report timed at site, province and
 * national scope for a day, a month and a year. The report reads the rollups only, so its cost
 * follows the rows of the scope and range, not the number of registrations. On PostgreSQL (the
 * target); PGlite too with --pglite. Prints p50/p95 per query, then one JSON line.
 *
 *   npx tsx tests/bench/national-report.ts [--runs 30] [--sites 1000] [--pglite]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPglite, openPostgres, type Db } from '@dangky/sync-server';
import { countsReport } from '../../sync-server/src/reports/counts-report.ts';
import { startPostgres } from '../setup/postgres.ts';
import { percentile, round1 } from './load/percentiles.ts';
import { numberArg } from './bench-args.ts';

const RUNS = numberArg('runs', 30);
const SITES = numberArg('sites', 1000);
const WITH_PGLITE = process.argv.includes('--pglite');
const PROVINCES = 34;
const REGISTRATIONS = 50_000_000;
// The service × channel × provider rows a site has on a day: e-ID level 2 has neither channel nor provider.
const KINDS = `SELECT * FROM (VALUES ('digital-signature', 'token', 'vnpt', 1), ('digital-signature', 'token', 'viettel', 2),
  ('digital-signature', 'token', 'bkav', 3), ('digital-signature', 'remote', 'vnpt', 4), ('digital-signature', 'remote', 'viettel', 5),
  ('digital-signature', 'remote', 'bkav', 6), ('eid-level2', '', '', 7)) AS k (service, channel, provider_id, k)`;
const PER_ROW = Math.round(REGISTRATIONS / SITES / 365 / 7);

async function fill(db: Db) {
  const t0 = performance.now();
  const sites = `SELECT 'site-' || lpad(s::text, 4, '0') AS site_id, lpad(((s % ${PROVINCES}) + 1)::text, 2, '0') AS province_code, s
                 FROM generate_series(1, ${SITES}) AS s`;
  const days = `SELECT d::date AS period, extract(doy FROM d)::int AS n FROM generate_series('2025-01-01'::date, '2025-12-31'::date, '1 day') AS d`;
  // Around PER_ROW per row (± a little from the keys), so a year adds up to about 50 million.
  await db.exec(
    `INSERT INTO site_counts (grain, period, site_id, service, channel, provider_id, submitted, completed, cancelled)
     SELECT 'day', p.period, s.site_id, k.service, k.channel, k.provider_id,
            ${PER_ROW} - 3 + (s.s + p.n + k.k) % 7, ${PER_ROW} - 5 + (s.s + p.n) % 5, (s.s + k.k) % 2
     FROM (${sites}) s CROSS JOIN (${days}) p CROSS JOIN (${KINDS}) k`,
  );
  await db.exec(
    `INSERT INTO site_counts (grain, period, site_id, service, channel, provider_id, submitted, completed, cancelled)
     SELECT 'month', date_trunc('month', period)::date, site_id, service, channel, provider_id, sum(submitted), sum(completed), sum(cancelled)
     FROM site_counts WHERE grain = 'day' GROUP BY 2, 3, 4, 5, 6`,
  );
  await db.exec(
    `INSERT INTO province_counts (grain, period, province_code, service, channel, provider_id, submitted, completed, cancelled)
     SELECT c.grain, c.period, s.province_code, c.service, c.channel, c.provider_id, sum(c.submitted), sum(c.completed), sum(c.cancelled)
     FROM site_counts c JOIN (${sites}) s ON s.site_id = c.site_id GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  await db.exec('ANALYZE');
  const [c] = await db.query<{ rows: number; submitted: number }>(
    `SELECT (SELECT count(*) FROM site_counts)::int + (SELECT count(*) FROM province_counts)::int AS rows,
            (SELECT sum(submitted) FROM site_counts WHERE grain = 'day')::bigint AS submitted`,
  );
  return { rows: Number(c!.rows), submitted: Number(c!.submitted), seconds: (performance.now() - t0) / 1000 };
}

const siteIdsOf = (province: number) =>
  Array.from({ length: SITES }, (_, i) => i + 1)
    .filter((s) => (s % PROVINCES) + 1 === province)
    .map((s) => `site-${String(s).padStart(4, '0')}`);

async function run(kind: 'postgres' | 'pglite', db: Db) {
  await migrate(db);
  const filled = await fill(db);
  process.stderr.write(
    `${kind}: ${filled.rows.toLocaleString('en')} rollup rows (${filled.submitted.toLocaleString('en')} registrations) in ${filled.seconds.toFixed(1)} s\n`,
  );
  const ranges = {
    day: { from: '2025-06-10', to: '2025-06-10', grouping: 'day' },
    month: { from: '2025-06-01', to: '2025-06-30', grouping: 'day' },
    year: { from: '2025-01-01', to: '2025-12-31', grouping: 'month' },
  } as const;
  const scopes = { site: ['site-0001'], province: siteIdsOf(2), national: [] as string[] } as const;
  const results: { scope: string; range: string; p50Ms: number; p95Ms: number; rows: number }[] = [];
  for (const [scope, siteIds] of Object.entries(scopes)) {
    for (const [range, r] of Object.entries(ranges)) {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < RUNS + 2; i++) {
        const t = performance.now();
        const out = await countsReport(db, { scope: scope as 'site', siteIds, ...r });
        if (i >= 2) times.push(performance.now() - t);
        rows = out.rows.length;
      }
      if (rows === 0) throw new Error(`${scope} ${range} returned nothing`);
      const res = { scope, range, p50Ms: round1(percentile(times, 50)), p95Ms: round1(percentile(times, 95)), rows };
      results.push(res);
      console.log(
        `${kind} ${scope.padEnd(8)} ${range.padEnd(5)} rows ${String(rows).padStart(5)}  p50 ${res.p50Ms} ms  p95 ${res.p95Ms} ms`,
      );
    }
  }
  await db.close();
  return results;
}

const pgServer = await startPostgres();
const pgResults = await run('postgres', await openPostgres(pgServer.url));
await pgServer.stop();
if (WITH_PGLITE) {
  const dir = await mkdtemp(join(tmpdir(), 'dangky-national-report-'));
  await run('pglite', await openPglite(dir));
  await rm(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ bench: 'national-report', results: pgResults.map(({ scope, range, p95Ms }) => ({ scope, range, p95Ms })) }));
