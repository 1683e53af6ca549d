/**
 * What one device's sync costs the server and its database, apart from any cluster: one
 * sync-server in this process on one PostgreSQL (pg_stat_statements loaded), kiosks of 1,000 sites
 * in a closed loop (`--clients` at once, each sync a push of 0–3 new registrations then a read of
 * its reference data) for `--seconds`. Prints requests/s, p50/p99 per route, the statements each
 * request sent, and CPU per request — the server process (which includes this load generator) and
 * PostgreSQL apart — then the statements that took the database longest. Where `device-load`
 * says how far the cluster goes, this says why.
 *
 *   npx tsx tests/bench/sync-cost.ts [--seconds 20] [--clients 32]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { build, migrate, openPostgres, seedDemo } from '@dangky/sync-server';
import { deviceEvents } from '../../sync-server/test/events.ts';
import { initdb, ownByPostgres, pgBinDir, startServer } from '../../scripts/cluster/postgres.mjs';
import { seedNationalSites } from './load/national-sites.ts';
import { httpJson } from './load/http-json.ts';
import { descendantsCpuMs } from './load/process-cpu.ts';
import { percentile, round1 } from './load/percentiles.ts';
import { numberArg } from './bench-args.ts';

const SECONDS = numberArg('seconds', 20);
const CLIENTS = numberArg('clients', 32);

const dir = await mkdtemp(join(tmpdir(), 'dangky-sync-cost-'));
ownByPostgres(dir);
const bin = pgBinDir();
if (!bin) throw new Error('PostgreSQL is not installed: run scripts/ensure-system.sh');
initdb(bin, join(dir, 'pg'));
const server = await startServer(bin, {
  data: join(dir, 'pg'),
  socketDir: dir,
  settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' },
});
const db = await openPostgres(server.url);
const admin = new pg.Client({ connectionString: server.url });
try {
  await migrate(db);
  await seedDemo(db);
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const devices = await seedNationalSites(admin, { sites: 1000, devices: 6000 });
  const app = await build({ db });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const events = new Map(devices.map((d) => [d.id, { make: deviceEvents(d.id), ticket: 0 }]));
  const latency = { push: [] as number[], reference: [] as number[] };
  let errors = 0;
  const timed = async (route: keyof typeof latency, path: string, init: Parameters<typeof httpJson>[1]) => {
    const t = performance.now();
    const res = await httpJson(`${url}${path}`, init);
    latency[route].push(performance.now() - t);
    if (res.status !== 200) errors++;
  };

  // Warm up (plans, JIT, the devices' first contact), then count from zero.
  const run = async (seconds: number) => {
    const end = performance.now() + seconds * 1000;
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) {
          const d = devices[next++ % devices.length]!;
          const own = events.get(d.id)!;
          const n = Math.floor(Math.random() * 4);
          if (n > 0) {
            const at = new Date().toISOString();
            const batch = Array.from({ length: n }, () =>
              own.make.submitted({ siteId: d.siteId, ticket: `${d.ticketPrefix}-${String(++own.ticket).padStart(4, '0')}`, day, at }),
            );
            await timed('push', '/v1/sync/push', {
              method: 'POST',
              headers: { authorization: d.auth, 'content-type': 'application/json' },
              body: JSON.stringify({ deviceId: d.id, events: batch }),
              timeoutMs: 30_000,
            });
          }
          await timed('reference', '/v1/reference', { headers: { authorization: d.auth }, timeoutMs: 30_000 });
        }
      }),
    );
  };
  await run(Math.min(10, SECONDS));
  latency.push.length = 0;
  latency.reference.length = 0;
  errors = 0;
  await admin.query('SELECT pg_stat_statements_reset()');
  const cpu0 = process.cpuUsage();
  const pg0 = descendantsCpuMs();
  const t0 = performance.now();
  await run(SECONDS);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const pgCpu = descendantsCpuMs() - pg0;
  const requests = latency.push.length + latency.reference.length;
  const [totals] = (
    await admin.query<{ calls: string; exec: number; plan: number }>(
      `SELECT sum(calls) AS calls, sum(total_exec_time) AS exec, sum(total_plan_time) AS plan FROM pg_stat_statements
       WHERE query NOT LIKE '%pg_stat_statements%'`,
    )
  ).rows;
  const { rows: top } = await admin.query<{ calls: string; exec_ms: number; plan_ms: number; query: string }>(
    `SELECT calls, round(total_exec_time::numeric, 1)::float AS exec_ms, round(total_plan_time::numeric, 1)::float AS plan_ms,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC LIMIT 12`,
  );
  console.table(top);
  const figures = {
    bench: 'sync-cost',
    clients: CLIENTS,
    seconds: round1(seconds),
    reqPerSec: Math.round(requests / seconds),
    push: { requests: latency.push.length, p50Ms: round1(percentile(latency.push, 50)), p99Ms: round1(percentile(latency.push, 99)) },
    reference: {
      requests: latency.reference.length,
      p50Ms: round1(percentile(latency.reference, 50)),
      p99Ms: round1(percentile(latency.reference, 99)),
    },
    errors,
    statementsPerRequest: round1(Number(totals!.calls) / requests),
    dbExecMsPerRequest: round1((Number(totals!.exec) + Number(totals!.plan)) / requests),
    serverProcessCpuMsPerRequest: round1((cpu.user + cpu.system) / 1000 / requests),
    postgresCpuMsPerRequest: round1(pgCpu / requests),
  };
  console.log(JSON.stringify(figures));
  await app.close();
} finally {
  await admin.end().catch(() => {});
  await db.close();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
