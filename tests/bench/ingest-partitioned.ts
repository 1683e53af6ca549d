/**
 * The event log at national volume: 10 million events in the month-partitioned `events` table on
 * PostgreSQL (durable: fsync and full-page writes on), then its size on disk per million events
 * and what must stay cheap as it grows.
 *
 * 1. A sample goes through the real HTTP ingest (submissions, calls, token issuances of one site;
 *    every gate, the fold and the payload sealing under each registration's data key), timed:
 *    the end-to-end rate on this machine.
 * 2. The sample's stored rows — their sealed payloads as ingest wrote them — are copied with new
 *    ids, registrations and times until the table holds `--events` events over the twelve months
 *    of a year, in statements of 500,000 rows through the parent table (partition routing, the
 *    primary key, the device and registration indexes): the storage layer's rate, the ceiling
 *    under the HTTP path.
 * 3. Size per million events (each month's partition with its indexes and TOAST), the look-ups
 *    ingest and the counters make at that size (a registration's events, a device's last
 *    sequence number) p50/p95, and archiving the oldest month (detach) with the rest untouched
 *    and still append-only.
 *
 *   npx tsx tests/bench/ingest-partitioned.ts [--events 10000000] [--sample 2000]
 */
import { randomBytes } from 'node:crypto';
import { build, detachEventMonth, migrate, openPostgres, processServerKeys, recordDeviceSignIn, seedDemo } from '@dangky/sync-server';
import { deviceEvents } from '../../sync-server/test/events.ts';
import { startPostgres } from '../setup/postgres.ts';
import { percentile, round1 } from './load/percentiles.ts';
import { numberArg } from './bench-args.ts';

const EVENTS = numberArg('events', 10_000_000);
const SAMPLE = numberArg('sample', 2000);
const CHUNK = 500_000;
const BATCH = 500;
const YEAR = 2026;
const SITE = 'hcm-book-fair';
const CLERK = 'clerk.hoisach';
const LOOKUPS = 200;

/** One number from a query (`SELECT … AS n`). */
const countOf = async (sql: string): Promise<number> => (await db.query<{ n: number }>(sql))[0]!.n;

const pg = await startPostgres({ durable: true });
const db = await openPostgres(pg.url);
try {
  await migrate(db);
  const demo = await seedDemo(db);
  const kiosk = demo.devices.find((d) => d.siteId === SITE && d.kind === 'kiosk')!;
  const counter = demo.devices.find((d) => d.siteId === SITE && d.kind === 'counter')!;
  const day = `${YEAR}-12-01`;
  await recordDeviceSignIn(db, {
    sessionSha256: randomBytes(32).toString('hex'),
    deviceId: counter.id,
    staffId: CLERK,
    from: `${day}T01:00:00.000Z`,
    to: `${day}T10:00:00.000Z`,
  });

  // 1. The sample, through HTTP.
  const app = await build({ db, serverKeys: processServerKeys(), eventWindow: { pastDays: 36_600, aheadMinutes: 52_704_000 } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const k = deviceEvents(kiosk.id);
  const c = deviceEvents(counter.id);
  const pushes: { deviceId: string; auth: string; events: unknown[] }[] = [];
  const ids: string[] = [];
  for (let i = 0; i < SAMPLE; i += BATCH) {
    const events = [];
    for (let j = i; j < Math.min(SAMPLE, i + BATCH); j++) {
      const ev = k.submitted({
        siteId: SITE,
        ticket: `${kiosk.ticketPrefix}-${String(j + 1).padStart(4, '0')}`,
        day,
        at: `${day}T03:00:00.000Z`,
      });
      ids.push(ev.payload.registrationId);
      events.push(ev);
    }
    pushes.push({ deviceId: kiosk.id, auth: `Device ${kiosk.id}:${kiosk.secret}`, events });
  }
  for (let i = 0; i < SAMPLE; i += BATCH / 2) {
    const events = ids
      .slice(i, i + BATCH / 2)
      .flatMap((id) => [c.called(id, CLERK, `${day}T03:10:00.000Z`), c.issued(id, CLERK, `${day}T03:15:00.000Z`)]);
    pushes.push({ deviceId: counter.id, auth: `Device ${counter.id}:${counter.secret}`, events });
  }
  const h0 = performance.now();
  let httpEvents = 0;
  for (const p of pushes) {
    const res = await fetch(`${url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: p.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: p.deviceId, events: p.events }),
    });
    const body = (await res.json()) as { results?: { status: string }[] };
    const accepted = body.results?.filter((r) => r.status === 'accepted').length ?? 0;
    if (!res.ok || accepted !== p.events.length)
      throw new Error(`sample push refused: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    httpEvents += accepted;
  }
  const httpSeconds = (performance.now() - h0) / 1000;
  await app.close();

  // 2. Copies of the stored sample over the twelve months of the year, through the parent table.
  for (let m = 1; m <= 12; m++) await db.query('SELECT events_month_partition($1::date)', [`${YEAR}-${String(m).padStart(2, '0')}-01`]);
  await db.query(`CREATE TEMP TABLE sample AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, * FROM events`);
  const sampleRows = await countOf('SELECT count(*)::int AS n FROM sample');
  const start = Date.UTC(YEAR, 0, 1);
  const spanMs = Date.UTC(YEAR + 1, 0, 1) - start;
  const toLoad = Math.max(0, EVENTS - sampleRows);
  const chunkRates: number[] = [];
  const l0 = performance.now();
  for (let done = 0; done < toLoad; done += CHUNK) {
    const rows = Math.min(CHUNK, toLoad - done);
    // Copy numbers first and last that hold the chunk's events [done, done + rows).
    const firstCopy = Math.floor(done / sampleRows);
    const copies = Math.floor((done + rows - 1) / sampleRows) - firstCopy + 1;
    const s = performance.now();
    // n numbers the copies over the whole load, so ids (time first, as a UUIDv7) rise through the
    // year as they would at ingest; a copy's events keep their registration together.
    await db.query(
      `INSERT INTO events (id, device_id, seq, type, occurred_at, registration_id, payload)
       SELECT (lpad(to_hex(t.ms), 12, '0') || substr(md5(t.n::text), 1, 20))::uuid,
              s.device_id, s.seq + $4::bigint * (t.g + 1), s.type, to_timestamp(t.ms / 1000.0),
              md5(s.registration_id::text || t.g)::uuid, s.payload
       FROM generate_series($1::bigint, $1::bigint + $2::bigint - 1) AS gs (g)
       CROSS JOIN sample s
       CROSS JOIN LATERAL (SELECT gs.g AS g, gs.g * $4::bigint + s.i AS n,
                                  $5::bigint + ((gs.g * $4::bigint + s.i) * $6::float8)::bigint AS ms) AS t
       WHERE t.n >= $7::bigint AND t.n < $3::bigint`,
      [firstCopy, copies, done + rows, sampleRows, start, spanMs / toLoad, done],
    );
    const seconds = (performance.now() - s) / 1000;
    chunkRates.push(rows / seconds);
    process.stderr.write(`  ${(done + rows).toLocaleString('en')} events loaded (${Math.round(rows / seconds).toLocaleString('en')}/s)\n`);
  }
  const loadSeconds = (performance.now() - l0) / 1000;
  await db.query('ANALYZE events');

  // 3. Sizes, look-ups, archive.
  const months = await db.query<{ name: string; rows: string; bytes: string }>(
    `SELECT c.relname AS name, c.reltuples::bigint AS rows, pg_total_relation_size(c.oid) AS bytes
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
  );
  const total = await countOf('SELECT count(*)::int AS n FROM events');
  if (total !== sampleRows + toLoad) throw new Error(`events holds ${total}, expected ${sampleRows + toLoad}`);
  const totalBytes = months.reduce((a, m) => a + Number(m.bytes), 0);
  const bytesPerMillion = totalBytes / (total / 1e6);

  // Registrations picked at random over the whole year (every partition).
  const regs = await db.query<{ id: string }>(
    `SELECT registration_id AS id FROM events TABLESAMPLE BERNOULLI ($1) ORDER BY random() LIMIT ${LOOKUPS}`,
    [Math.min(100, (100 * LOOKUPS * 5) / total)],
  );
  if (regs.length < LOOKUPS / 2) throw new Error(`only ${regs.length} registrations sampled`);
  const registrationMs: number[] = [];
  for (const r of regs) {
    const s = performance.now();
    await db.query('SELECT id, type FROM events WHERE registration_id = $1', [r.id]);
    registrationMs.push(performance.now() - s);
  }
  const lastSeqMs: number[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const s = performance.now();
    await db.query('SELECT max(seq) AS seq FROM events WHERE device_id = $1', [i % 2 ? kiosk.id : counter.id]);
    lastSeqMs.push(performance.now() - s);
  }
  const january = await countOf(`SELECT count(*)::int AS n FROM events_${YEAR}_01`);
  const d0 = performance.now();
  await detachEventMonth(db, `${YEAR}-01-01`);
  const detachMs = performance.now() - d0;
  const after = await countOf('SELECT count(*)::int AS n FROM events');
  if (after !== total - january) throw new Error(`after detaching January events holds ${after}, expected ${total - january}`);
  const guard = await db.query(`DELETE FROM events_${YEAR}_01 WHERE true`).then(
    () => 'deleted',
    () => 'refused',
  );
  if (guard !== 'refused') throw new Error('the detached month accepted a delete');

  const ms = (xs: number[]) => ({ p50Ms: round1(percentile(xs, 50)), p95Ms: round1(percentile(xs, 95)) });
  console.table(months.map((m) => ({ partition: m.name, events: Number(m.rows), MB: round1(Number(m.bytes) / 1e6) })));
  const result = {
    bench: 'ingest-partitioned',
    db: 'postgres',
    events: total,
    httpSample: { events: httpEvents, seconds: round1(httpSeconds), eventsPerSec: Math.round(httpEvents / httpSeconds) },
    load: {
      events: toLoad,
      seconds: round1(loadSeconds),
      eventsPerSec: Math.round(toLoad / loadSeconds),
      firstChunkPerSec: Math.round(chunkRates[0] ?? 0),
      lastChunkPerSec: Math.round(chunkRates.at(-1) ?? 0),
    },
    bytesPerMillion: Math.round(bytesPerMillion),
    mbPerMillion: round1(bytesPerMillion / 1e6),
    registrationEvents: ms(registrationMs),
    deviceLastSeq: ms(lastSeqMs),
    detachMonth: { ms: round1(detachMs), eventsArchived: january, eventsLeft: after, appendOnly: guard },
  };
  console.table({
    'HTTP ingest (sample), events/s': result.httpSample.eventsPerSec,
    'storage load, events/s': result.load.eventsPerSec,
    'MB per million events': result.mbPerMillion,
    "a registration's events p95 ms": result.registrationEvents.p95Ms,
    "a device's last seq p95 ms": result.deviceLastSeq.p95Ms,
    'detach a month, ms': result.detachMonth.ms,
  });
  console.log(JSON.stringify(result));
} finally {
  await db.close();
  await pg.stop();
}
