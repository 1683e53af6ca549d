/**
 * Devices at national scale against the scaled-out server: simulated kiosks, each syncing every
 * 30 s at its own phase — a push of 0–3 new registrations (none → no push) and a read of its
 * reference data (where a kiosk learns its sequence and counters; a kiosk pulls no queue) — through HAProxy to three sync-servers on a PostgreSQL primary (with its hot
 * standby), the device count stepped up. Per step: HTTP requests/s, p50/p95/p99, errors (network
 * failures, timeouts, 5xx), shed requests (503 + retry-after), and the server side's CPU per
 * request (replicas + PostgreSQL + HAProxy, read from /proc; the load generator excluded).
 * `--db pglite` runs one server on PGlite instead (no cluster; its own process on a data folder, as
 * `npm start` runs it): past its limit it must shed with 503 + retry-after rather than time out. The load generator shares the machine's two cores.
 *
 * Before the first step, its devices sync for `--warmup-seconds` unmeasured: the servers' first
 * requests make their connections and plans, and measured they made the first step's p99 a
 * second or more whatever the code.
 *
 *   npx tsx tests/bench/device-load.ts [--db cluster|pglite] [--steps 6000,12000,18000,24000] [--step-seconds 40] [--warmup-seconds 20]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, type Db } from '@dangky/sync-server';
import { deviceEvents } from '../../sync-server/test/events.ts';
import { startCluster } from '../../scripts/cluster/cluster.mjs';
// @ts-expect-error — plain ESM script shared with `npm start`, no type declarations
import { freePort, startChild, waitFor } from '../../scripts/system.mjs';
import { seedNationalSites, type BenchDevice } from './load/national-sites.ts';
import { descendantsCpuMs } from './load/process-cpu.ts';
import { percentile, round1 } from './load/percentiles.ts';
import { httpJson } from './load/http-json.ts';
import { numberArg, stringArg } from './bench-args.ts';

const mode = stringArg('db', 'cluster') as 'cluster' | 'pglite';
const steps = stringArg('steps', mode === 'cluster' ? '6000,12000,18000,24000,30000' : '3000,6000,9000,12000,15000')
  .split(',')
  .map(Number);
const STEP_SECONDS = numberArg('step-seconds', 40);
const WARMUP_SECONDS = numberArg('warmup-seconds', 20);
const SITES = 1000;
const SYNC_EVERY_MS = 30_000;
const TIMEOUT_MS = 10_000;

interface StepFigures {
  devices: number;
  seconds: number;
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  shed: number;
  /** The errors by what they were: an HTTP status, `timeout` or `network`. */
  errorKinds: Record<string, number>;
  serverCpuMsPerReq: number;
}

/** The system under load: its URL, a database client for seeding, and how to stop it. */
async function startTarget(): Promise<{ url: string; devices: BenchDevice[]; stop: () => Promise<void> }> {
  if (mode === 'cluster') {
    const cluster = await startCluster({ log: () => {} });
    const client = new pg.Client({ connectionString: cluster.primaryUrl });
    await client.connect();
    return {
      url: cluster.url,
      devices: await seedNationalSites(client, { sites: SITES, devices: Math.max(...steps) }),
      stop: async () => {
        await client.end();
        await cluster.stop();
      },
    };
  }
  // PGlite as `npm start` runs it: the server in a process of its own on a data folder on disk. In
  // the generator's process, PGlite (which holds its thread while it runs a query) and the
  // generator starved each other, and requests timed out before the server could even refuse them.
  const dir = await mkdtemp(join(tmpdir(), 'dangky-load-'));
  const dataDir = join(dir, 'data');
  const startServer = async () => {
    const port = await freePort();
    const server = startChild('sync-server', ['--import', 'tsx', 'sync-server/src/main.ts'], {
      env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_SEED: 'on', LOG_LEVEL: 'warn' },
      log: () => {},
    });
    await waitFor(async () => server.listeningOn() === port, { what: 'sync-server', child: server, timeoutMs: 180_000 });
    return { server, url: `http://127.0.0.1:${port}` };
  };
  // Started once to make and migrate its database; then the bench's sites and devices are written
  // into that folder while no server holds it, and it starts again on them.
  await (await startServer()).server.stop();
  const db = await openPglite(join(dataDir, 'pglite'));
  const devices = await seedNationalSites(asClient(db), { sites: SITES, devices: Math.max(...steps) }).finally(() => db.close());
  const { server, url } = await startServer();
  return {
    url,
    devices,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A pg.Client-shaped facade over PGlite so one seeding function serves both. */
const asClient = (c: Db): pg.Client =>
  ({ query: async (sql: string, params?: unknown[]) => ({ rows: await c.query(sql, params) }) }) as unknown as pg.Client;

type Recorder = (ms: number, outcome: 'ok' | 'error' | 'shed', kind: string) => void;

class SimulatedDevice {
  private readonly events;
  private ticket = 0;
  readonly phaseMs: number;
  constructor(
    readonly d: BenchDevice,
    private readonly url: string,
    private readonly day: string,
  ) {
    this.events = deviceEvents(d.id);
    this.phaseMs = Math.random() * SYNC_EVERY_MS;
  }

  /** One sync: push 0–3 new submissions, then read the kiosk's reference data. */
  async sync(record: Recorder): Promise<void> {
    const n = Math.floor(Math.random() * 4);
    if (n > 0) {
      const at = new Date().toISOString();
      const events = Array.from({ length: n }, () =>
        this.events.submitted({
          siteId: this.d.siteId,
          ticket: `${this.d.ticketPrefix}-${String(++this.ticket).padStart(4, '0')}`,
          day: this.day,
          at,
        }),
      );
      const body = await this.request(record, '/v1/sync/push', {
        method: 'POST',
        headers: { authorization: this.d.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ deviceId: this.d.id, events }),
      });
      // A refused push is sent again at the next sync, as the outbox would.
      if (!body) {
        this.ticket -= n;
        return;
      }
    }
    await this.request(record, '/v1/reference', { headers: { authorization: this.d.auth } });
  }

  private async request(record: Recorder, path: string, init: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string }) {
    const t = performance.now();
    try {
      const res = await httpJson(`${this.url}${path}`, { ...init, timeoutMs: TIMEOUT_MS });
      const ok = res.status >= 200 && res.status < 300;
      record(performance.now() - t, ok ? 'ok' : res.status === 503 && res.headers['retry-after'] ? 'shed' : 'error', String(res.status));
      return ok ? res.body : null;
    } catch (error) {
      record(performance.now() - t, 'error', (error as Error).message === 'timeout' ? 'timeout' : 'network');
      return null;
    }
  }
}

async function runStep(devices: SimulatedDevice[], stepSeconds = STEP_SECONDS): Promise<StepFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let shed = 0;
  const errorKinds: Record<string, number> = {};
  const record: Recorder = (ms, outcome, kind) => {
    latencies.push(ms);
    if (outcome === 'error') {
      errors++;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    }
    if (outcome === 'shed') shed++;
  };
  const cpu0 = descendantsCpuMs();
  const t0 = performance.now();
  const end = t0 + stepSeconds * 1000;
  const inFlight = new Set<Promise<void>>();
  // Each device syncs at its phase, then every 30 s; a device still syncing skips its turn.
  const next = devices.map((d) => t0 + d.phaseMs);
  const busy = new Uint8Array(devices.length);
  while (performance.now() < end) {
    const now = performance.now();
    for (let i = 0; i < devices.length; i++) {
      if (next[i]! > now) continue;
      next[i] = next[i]! + SYNC_EVERY_MS;
      if (busy[i]) continue;
      busy[i] = 1;
      const p = devices[i]!.sync(record).finally(() => {
        busy[i] = 0;
        inFlight.delete(p);
      });
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const seconds = (performance.now() - t0) / 1000;
  const measured = latencies.length;
  const cpu = descendantsCpuMs() - cpu0;
  await Promise.all(inFlight);
  return {
    devices: devices.length,
    seconds: round1(seconds),
    requests: measured,
    reqPerSec: Math.round(measured / seconds),
    p50Ms: round1(percentile(latencies, 50)),
    p95Ms: round1(percentile(latencies, 95)),
    p99Ms: round1(percentile(latencies, 99)),
    errors,
    shed,
    errorKinds,
    serverCpuMsPerReq: round1(cpu / Math.max(1, measured)),
  };
}

process.stderr.write(`device-load on ${mode}: steps ${steps.join(', ')} devices, ${STEP_SECONDS} s each…\n`);
const target = await startTarget();
const results: StepFigures[] = [];
try {
  const all = target.devices;
  const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const simulated = all.map((d) => new SimulatedDevice(d, target.url, day));
  if (WARMUP_SECONDS > 0) {
    const warm = await runStep(simulated.slice(0, steps[0]), WARMUP_SECONDS);
    process.stderr.write(`warm-up (not counted): ${JSON.stringify(warm)}\n`);
  }
  for (const n of steps) {
    const step = await runStep(simulated.slice(0, n));
    results.push(step);
    process.stderr.write(`${JSON.stringify(step)}\n`);
  }
} finally {
  await target.stop();
}
console.table(results);
// The headline: the busiest step that met the target (p99 ≤ 200 ms, no errors), else the first step.
const good = results.filter((r) => r.p99Ms <= 200 && r.errors === 0 && r.shed === 0);
const best = good.at(-1) ?? results[0]!;
console.log(
  JSON.stringify({
    bench: 'device-load',
    db: mode,
    devices: best.devices,
    reqPerSec: best.reqPerSec,
    p50Ms: best.p50Ms,
    p95Ms: best.p95Ms,
    p99Ms: best.p99Ms,
    errors: best.errors,
    shed: best.shed,
    serverCpuMsPerReq: best.serverCpuMsPerReq,
    steps: results,
  }),
);
