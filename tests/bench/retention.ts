/**
 * Retention by crypto-shredding at a national year's scale, on PGlite on disk (as `npm start` runs
 * it) and on PostgreSQL: 1,000,000 registrations are due (completed over 90 days ago, cancelled
 * over 30 days ago, or never finished and old), 200,000 are not (finished last week, or under way
 * today), 1,000 more fall due in the hour after. The retention job (`shredExpired`, the function
 * the server runs hourly) destroys the due data keys; printed: its seconds, how many it erased,
 * the seconds of the next run at the same time (nothing left to do: it reads only what became due
 * or was written since the first), an hour later (the 1,000 due in that hour: what it costs is
 * theirs, not the table's), and that every key not due is still there.
 *
 * The rows are made in SQL, as the projection stores them: a sealed state the size of a real one
 * (the job never opens it, but it is what a scan of the table reads past), a keyed hash, a
 * change_seq drawn from its sequence (the next run reads what was written after the first), a
 * wrapped data key per registration.
 *
 *   npx tsx tests/bench/retention.ts [--due 1000000] [--kept 200000] [--hourly 1000]
 */
import { migrate, shredExpired, type Db } from '@dangky/sync-server';
import { onBothDatabases } from './on-both-databases.ts';
import { numberArg } from './bench-args.ts';

const DUE = numberArg('due', 1_000_000);
const KEPT = numberArg('kept', 200_000);
const HOURLY = numberArg('hourly', 1_000);
const CHUNK = 100_000;
const NOW = new Date('2026-12-07T03:00:00Z');
const HOUR_MS = 3_600_000;
/** Completed 90 days before NOW less half an hour: due in the hour after NOW. */
const DUE_IN_THE_HOUR = new Date(NOW.getTime() - 90 * 24 * HOUR_MS + HOUR_MS / 2).toISOString();

/**
 * Rows `from`..`to` of one kind: `kind` 0 completed long ago, 1 cancelled long ago, 2 never
 * finished and old (all due), 3 completed last week, 4 under way today (not due), 5 due in the
 * hour after NOW.
 */
async function fill(db: Db, from: number, to: number, kind: number) {
  const status = ['completed', 'cancelled', 'called', 'completed', 'submitted', 'completed'][kind];
  const finished = [
    "now() - interval '120 days'",
    "now() - interval '45 days'",
    'NULL',
    "now() - interval '7 days'",
    'NULL',
    `timestamptz '${DUE_IN_THE_HOUR}'`,
  ][kind];
  const day = [
    'current_date - 121',
    'current_date - 46',
    'current_date - 60',
    'current_date - 8',
    'current_date',
    `date '${DUE_IN_THE_HOUR.slice(0, 10)}'`,
  ][kind];
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq, finished_at, citizen_key)
       SELECT md5('r' || g)::uuid, 'bench-site-' || (g % 100), ${day}, 'A-' || g, '${status}',
              jsonb_build_object('sealed', repeat(md5(g::text), 20)), nextval('registration_change_seq'), ${finished}, encode(sha256(('c' || g)::bytea), 'hex')
       FROM generate_series($1::int, $2::int) AS g`,
      [from, to],
    );
    await tx.query(
      `INSERT INTO registration_keys (registration_id, kek_id, wrapped)
       SELECT md5('r' || g)::uuid, 'kek-1', repeat(md5('k' || g), 3) FROM generate_series($1::int, $2::int) AS g`,
      [from, to],
    );
  });
}

async function run(kind: 'pglite' | 'postgres', db: Db) {
  await migrate(db);
  for (let s = 0; s < 100; s++) {
    await db.query(`INSERT INTO sites (id, name, kind, province_code) VALUES ($1, 'Điểm', 'office', '79')`, [`bench-site-${s}`]);
  }
  const f0 = performance.now();
  // Due: 70 % completed, 20 % cancelled, 10 % never finished; kept: half last week, half today.
  const parts: [number, number, number][] = [
    [1, Math.round(DUE * 0.7), 0],
    [Math.round(DUE * 0.7) + 1, Math.round(DUE * 0.9), 1],
    [Math.round(DUE * 0.9) + 1, DUE, 2],
    [DUE + 1, DUE + KEPT / 2, 3],
    [DUE + KEPT / 2 + 1, DUE + KEPT, 4],
    [DUE + KEPT + 1, DUE + KEPT + HOURLY, 5],
  ];
  for (const [from, to, k] of parts) {
    for (let a = from; a <= to; a += CHUNK) await fill(db, a, Math.min(to, a + CHUNK - 1), k);
    process.stderr.write(`\r  ${kind}: ${to} rows`);
  }
  process.stderr.write('\n');
  await db.query('ANALYZE registrations');
  await db.query('ANALYZE registration_keys');
  const fillSeconds = (performance.now() - f0) / 1000;

  const t0 = performance.now();
  const erased = await shredExpired(db, undefined, NOW);
  const shredSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const again = await shredExpired(db, undefined, NOW);
  const againSeconds = (performance.now() - t1) / 1000;
  const t2 = performance.now();
  const hourLater = await shredExpired(db, undefined, new Date(NOW.getTime() + HOUR_MS));
  const hourLaterSeconds = (performance.now() - t2) / 1000;
  const [left] = await db.query<{ live: string; erased: string }>(
    `SELECT count(*) FILTER (WHERE wrapped IS NOT NULL)::text AS live, count(*) FILTER (WHERE wrapped IS NULL)::text AS erased FROM registration_keys`,
  );
  if (erased !== DUE || again !== 0 || hourLater !== HOURLY || Number(left!.live) !== KEPT)
    throw new Error(
      `the job erased ${erased}, ${again}, then ${hourLater}; ${left!.live} keys live — expected ${DUE}, 0, ${HOURLY}, ${KEPT}`,
    );
  await db.close();
  return {
    db: kind,
    due: DUE,
    kept: KEPT,
    fillSeconds: +fillSeconds.toFixed(1),
    erased,
    shredSeconds: +shredSeconds.toFixed(2),
    nextRunSeconds: +againSeconds.toFixed(3),
    hourLaterErased: hourLater,
    hourLaterSeconds: +hourLaterSeconds.toFixed(3),
    keysStillLive: Number(left!.live),
  };
}

const results = await onBothDatabases(run);
console.table(results);
console.log(JSON.stringify({ bench: 'retention', targets: { shredSecondsFor1M: 60 }, results }));
