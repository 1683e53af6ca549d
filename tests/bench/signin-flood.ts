/**
 * Device sync under a sign-in flood. The sync-server runs as `npm start` runs it (its own
 * process, PGlite on disk, the demo), devices send a steady 40 requests/s (kiosks' pushes of one
 * registration and their reference reads — where they learn their sequence and counters — alternating), and 0, 2, 8, then 16 loops send wrong-password sign-ins
 * back to back — each try under a new name from a new address (through a trusted proxy's
 * `x-forwarded-for`), the worst case: no per-account or per-address limit stops them, so every
 * try reaches the password hash, and only the cap on hashes at once stands between the flood and
 * the devices. Per step: device p50/p95/p99, errors, and what the sign-ins got (checked → 401,
 * refused by the hashing queue → 429). Target: device p99 at 16 loops ≤ 2 × idle p99.
 *
 *   npx tsx tests/bench/signin-flood.ts [--loops 0,2,8,16] [--step-seconds 15] [--rate 40]
 */
import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hcmDay } from '@dangky/core/time';
import { deviceEvents } from '../../sync-server/test/events.ts';
import { httpJson } from './load/http-json.ts';
import { percentile, round1 } from './load/percentiles.ts';
import { numberArg, stringArg } from './bench-args.ts';

const loopSteps = stringArg('loops', '0,2,8,16').split(',').map(Number);
const STEP_SECONDS = numberArg('step-seconds', 15);
const RATE = numberArg('rate', 40);
const TIMEOUT_MS = 10_000;
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

interface DemoSecrets {
  devices: { id: string; siteId: string; kind: string; ticketPrefix: string | null; secret: string }[];
}

async function startServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = fork(join(repoRoot, 'sync-server/src/main.ts'), [], {
    execArgv: ['--import', 'tsx'],
    cwd: repoRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      DEMO_SEED: 'on',
      TRUST_PROXY: 'loopback',
      REMOTE_SIGNING: 'off',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((ok, fail) => {
    child.on('message', (m: { listening?: number }) => m.listening && ok(m.listening));
    child.on('exit', (code) => fail(new Error(`sync-server exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

interface Step {
  loops: number;
  deviceRequests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  signIns: number;
  checked: number;
  busy: number;
  other: number;
}

async function runStep(url: string, loops: number, kiosks: ReturnType<typeof kioskDevices>): Promise<Step> {
  const latencies: number[] = [];
  let errors = 0;
  const outcome = { signIns: 0, checked: 0, busy: 0, other: 0 };
  let stop = false;
  let tries = 0;
  const flood = Array.from({ length: loops }, async (_, loop) => {
    while (!stop) {
      const n = ++tries;
      const res = await httpJson(`${url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.${loop}.${n % 250}` },
        body: JSON.stringify({ username: `flood.${loop}.${n}`, password: 'not-the-password' }),
        timeoutMs: TIMEOUT_MS,
      }).catch(() => null);
      outcome.signIns++;
      if (res?.status === 401) outcome.checked++;
      else if (res?.status === 429) outcome.busy++;
      else outcome.other++;
    }
  });
  // Let the flood reach its stride before devices are measured.
  if (loops > 0) await new Promise((r) => setTimeout(r, 1_000));
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; performance.now() - t0 < STEP_SECONDS * 1000; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const kiosk = kiosks[i % kiosks.length]!;
    const started = performance.now();
    const p = kiosk
      .request(url, i % 2 === 0 ? 'push' : 'reference')
      .then((ok) => {
        latencies.push(performance.now() - started);
        if (!ok) errors++;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  stop = true;
  await Promise.all(flood);
  return {
    loops,
    deviceRequests: latencies.length,
    p50Ms: round1(percentile(latencies, 50)),
    p95Ms: round1(percentile(latencies, 95)),
    p99Ms: round1(percentile(latencies, 99)),
    errors,
    ...outcome,
  };
}

function kioskDevices(secrets: DemoSecrets) {
  return secrets.devices
    .filter((d) => d.kind === 'kiosk')
    .map((d) => {
      const events = deviceEvents(d.id);
      const auth = `Device ${d.id}:${d.secret}`;
      let ticket = 0;
      return {
        async request(url: string, kind: 'push' | 'reference'): Promise<boolean> {
          const at = new Date().toISOString();
          const res =
            kind === 'push'
              ? await httpJson(`${url}/v1/sync/push`, {
                  method: 'POST',
                  headers: { authorization: auth, 'content-type': 'application/json' },
                  body: JSON.stringify({
                    deviceId: d.id,
                    events: [
                      events.submitted({
                        siteId: d.siteId,
                        ticket: `${d.ticketPrefix}-${String(++ticket).padStart(4, '0')}`,
                        day: hcmDay(at),
                        at,
                      }),
                    ],
                  }),
                  timeoutMs: TIMEOUT_MS,
                }).catch(() => null)
              : await httpJson(`${url}/v1/reference`, { headers: { authorization: auth }, timeoutMs: TIMEOUT_MS }).catch(() => null);
          return res !== null && res.status >= 200 && res.status < 300;
        },
      };
    });
}

const dataDir = await mkdtemp(join(tmpdir(), 'dangky-signin-flood-'));
process.stderr.write(`signin-flood: server on PGlite in ${dataDir}, devices at ${RATE} req/s, loops ${loopSteps.join(', ')}…\n`);
const server = await startServer(dataDir);
const steps: Step[] = [];
try {
  const secrets = JSON.parse(await readFile(join(dataDir, 'demo-secrets.json'), 'utf8')) as DemoSecrets;
  const kiosks = kioskDevices(secrets);
  // Warm-up: the first requests compile routes and fill caches.
  for (let i = 0; i < 40; i++) await kiosks[i % kiosks.length]!.request(server.url, i % 2 === 0 ? 'push' : 'reference');
  for (const loops of loopSteps) {
    const step = await runStep(server.url, loops, kiosks);
    steps.push(step);
    process.stderr.write(`  ${loops} loops: device p99 ${step.p99Ms} ms\n`);
  }
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}

console.log(
  '\nwrong-password loops | device req | p50 ms | p95 ms | p99 ms | errors | sign-ins | checked (401) | refused busy (429) | other',
);
for (const s of steps)
  console.log(
    `${String(s.loops).padStart(20)} | ${String(s.deviceRequests).padStart(10)} | ${String(s.p50Ms).padStart(6)} | ${String(s.p95Ms).padStart(6)} | ${String(s.p99Ms).padStart(6)} | ${String(s.errors).padStart(6)} | ${String(s.signIns).padStart(8)} | ${String(s.checked).padStart(13)} | ${String(s.busy).padStart(18)} | ${s.other}`,
  );
const idle = steps.find((s) => s.loops === 0)?.p99Ms ?? Number.NaN;
const worst = steps.find((s) => s.loops === Math.max(...loopSteps));
const ratio = worst ? round1(worst.p99Ms / idle) : Number.NaN;
console.log(`\ndevice p99 at ${worst?.loops} loops / idle p99: ${ratio} (target ≤ 2)`);
console.log(
  JSON.stringify({ bench: 'signin-flood', rate: RATE, stepSeconds: STEP_SECONDS, idleP99Ms: idle, p99Ratio: ratio, target: 2, steps }),
);
