/**
 * Sync ingest through the real HTTP API: batches of 500 events (submissions, then calls and
 * outcomes) pushed by the two kiosks and two counters of the demo, two sites in parallel, on
 * PGlite (on disk, as `npm start` runs it) and on PostgreSQL (a throwaway server).
 * Prints events/s and p50/p95 push latency per database, then one JSON line. `--keys` says where
 * the server's KEK and look-up key are: `file` (in the process, as with SERVER_KEY_FILE — the
 * default), `token` (a SoftHSM2 token, as with KEK_PKCS11_MODULE), or `both` (each database
 * twice, to compare).
 *
 *   npx tsx tests/bench/sync-ingest.ts [--batches 40] [--keys file|token|both]
 */
import { randomBytes } from 'node:crypto';
import {
  build,
  migrate,
  processServerKeys,
  recordDeviceSignIn,
  seedDemo,
  withUnwrappedKeyCache,
  type Db,
  type ServerKeys,
} from '@dangky/sync-server';
import { onBothDatabases } from './on-both-databases.ts';
import { softHsmServerKeys } from './softhsm-server-keys.ts';
import { deviceEvents } from '../../sync-server/test/events.ts';

const BATCH = 500;
const batchesArg = process.argv.indexOf('--batches');
const BATCHES = batchesArg > 0 ? Number(process.argv[batchesArg + 1]) : 40;
const keysArg = process.argv.indexOf('--keys');
const KEYS = (keysArg > 0 ? process.argv[keysArg + 1] : 'file') as 'file' | 'token' | 'both';
if (!['file', 'token', 'both'].includes(KEYS)) throw new Error('--keys file|token|both');

type Push = { deviceId: string; auth: string; events: unknown[] };

/** Per site: kiosk batches of 500 submissions, then counter batches of 250 × (called + issued). */
function workload(demo: Awaited<ReturnType<typeof seedDemo>>, site: 'hcm-ben-thanh' | 'hcm-book-fair', batches: number): Push[] {
  const kiosk = demo.devices.find((d) => d.siteId === site && d.kind === 'kiosk')!;
  const counter = demo.devices.find((d) => d.siteId === site && d.kind === 'counter')!;
  const clerk = site === 'hcm-ben-thanh' ? 'clerk.benthanh' : 'clerk.hoisach';
  const k = deviceEvents(kiosk.id);
  const c = deviceEvents(counter.id);
  const kioskBatches = Math.ceil(batches / 2);
  const pushes: Push[] = [];
  const regIds: string[] = [];
  let n = 0;
  for (let b = 0; b < kioskBatches; b++) {
    const events = [];
    for (let i = 0; i < BATCH; i++, n++) {
      const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 9000) * 86_400_000).toISOString().slice(0, 10);
      const at = `${day}T03:00:00.000Z`;
      const ev = k.submitted({
        siteId: site,
        ticket: `${kiosk.ticketPrefix}-${String((n % 9000) + 1).padStart(4, '0')}`,
        day,
        at,
        providerId: i % 2 ? 'vnpt' : 'viettel',
      });
      regIds.push(ev.payload.registrationId);
      events.push(ev);
    }
    pushes.push({ deviceId: kiosk.id, auth: `Device ${kiosk.id}:${kiosk.secret}`, events });
  }
  for (let b = 0; b < batches - kioskBatches; b++) {
    const events = [];
    for (const id of regIds.slice(b * (BATCH / 2), (b + 1) * (BATCH / 2))) {
      events.push(c.called(id, clerk, '2026-12-01T03:00:00.000Z'), c.issued(id, clerk, '2026-12-01T03:05:00.000Z'));
    }
    pushes.push({ deviceId: counter.id, auth: `Device ${counter.id}:${counter.secret}`, events });
  }
  return pushes;
}

async function run(kind: 'pglite' | 'postgres', db: Db, keys: { name: 'file' | 'token'; serverKeys: ServerKeys }) {
  process.stderr.write(`${kind}, keys in ${keys.name}: pushing ${BATCHES} batches of ${BATCH}…\n`);
  await migrate(db);
  const demo = await seedDemo(db);
  // The counters' events name their site's clerk on 2026-12-01: each clerk was signed in on their counter that day.
  for (const [counterId, clerk] of [
    ['counter-hcm-ben-thanh-1', 'clerk.benthanh'],
    ['counter-hcm-book-fair-1', 'clerk.hoisach'],
  ] as const)
    await recordDeviceSignIn(db, {
      sessionSha256: randomBytes(32).toString('hex'),
      deviceId: counterId,
      staffId: clerk,
      from: '2026-12-01T01:00:00.000Z',
      to: '2026-12-01T10:00:00.000Z',
    });
  // The batches are dated from 2026-01-01 on: a window wide enough for them whatever today is.
  const app = await build({ db, serverKeys: keys.serverKeys, eventWindow: { pastDays: 36_600, aheadMinutes: 52_704_000 } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const lanes = [workload(demo, 'hcm-ben-thanh', BATCHES / 2), workload(demo, 'hcm-book-fair', BATCHES / 2)];
  const latencies: number[] = [];
  let events = 0;
  let notAccepted = 0;
  const t0 = performance.now();
  await Promise.all(
    lanes.map(async (lane) => {
      for (const p of lane) {
        const s = performance.now();
        const res = await fetch(`${url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: p.auth, 'content-type': 'application/json' },
          body: JSON.stringify({ deviceId: p.deviceId, events: p.events }),
        });
        const body = (await res.json()) as { results: { status: string }[] };
        latencies.push(performance.now() - s);
        if (!res.ok) throw new Error(`push failed: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        events += body.results.length;
        notAccepted += body.results.filter((r) => r.status !== 'accepted').length;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await app.close();
  await db.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  if (notAccepted) throw new Error(`${notAccepted} events were not accepted`);
  return {
    db: kind,
    keys: keys.name,
    events,
    batches: latencies.length,
    batchSize: BATCH,
    seconds: +seconds.toFixed(2),
    eventsPerSecond: Math.round(events / seconds),
    p50ms: +pct(50).toFixed(1),
    p95ms: +pct(95).toFixed(1),
  };
}

const results = [];
for (const name of KEYS === 'both' ? (['file', 'token'] as const) : [KEYS]) {
  const token = name === 'token' ? softHsmServerKeys() : undefined;
  try {
    // As the server opens a token (open-server-keys.ts): recently unwrapped data keys kept in memory.
    const serverKeys = token ? withUnwrappedKeyCache(token.keys) : processServerKeys();
    results.push(...(await onBothDatabases((kind, db) => run(kind, db, { name, serverKeys }))));
  } finally {
    token?.dispose();
  }
}
console.table(results);
console.log(JSON.stringify({ bench: 'sync-ingest', targets: { pglite: 5000, postgres: 10000 }, results }));
