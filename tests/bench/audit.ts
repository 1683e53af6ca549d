/**
 * The audit log's two costs, on PGlite (on disk, as `npm start` runs it) and on PostgreSQL:
 *
 * - append rate under concurrent staff actions: 16 counters push their clerks' actions (50 per
 *   push, one entry each, appended in the push's transaction) while 16 administrators make single
 *   changes (a row and its entry per transaction), all for 20 s — entries/s overall and per kind,
 *   p50/p95 per push and per change; every append takes the chain's one lock;
 * - `audit verify` over 1,000,000 entries: the chain is filled through the real append
 *   (appendAudits in chunks of 10,000, timed apart), then verified by the same function the CLI runs.
 *
 *   npx tsx tests/bench/audit.ts [--seconds 20] [--entries 1000000]
 */
import { appendAudit, appendAudits, migrate, verifyAudit, type Db } from '@dangky/sync-server';
import { onBothDatabases } from './on-both-databases.ts';
import { numberArg } from './bench-args.ts';

const SECONDS = numberArg('seconds', 20);
const ENTRIES = numberArg('entries', 1_000_000);
/** Counters pushing their clerks' actions, and administrators changing things, all at once. */
const COUNTERS = 16;
const ADMINS = 16;
const PUSH_ACTIONS = 50;
const FILL_CHUNK = 10_000;

/**
 * Staff act at once: counters deliver their clerks' actions (called, issued, …) in pushes, which
 * append one entry per action in the push's transaction (a batch of PUSH_ACTIONS), while
 * administrators each make single changes, one transaction and one entry per change.
 */
async function appendRate(db: Db) {
  for (let s = 0; s < ADMINS; s++) {
    await db.query(`INSERT INTO sites (id, name, kind, province_code) VALUES ($1, 'Điểm', 'office', '79')`, [`bench-site-${s}`]);
  }
  const pushLatencies: number[] = [];
  const adminLatencies: number[] = [];
  let clerkEntries = 0;
  let adminEntries = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  const counters = Array.from({ length: COUNTERS }, async (_, c) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const start = performance.now();
      const entries = Array.from({ length: PUSH_ACTIONS }, (_, i) => ({
        actorId: `clerk.${c}`,
        actorRole: 'clerk',
        action: i % 2 ? 'token.issued' : 'registration.called',
        siteId: `site-${c}`,
        provinceCode: '79',
        target: `registration:0190f4a2-7c3e-7d21-9b3a-${String(n * PUSH_ACTIONS + i).padStart(12, '0')}`,
        detail: { device: `counter-${c}` },
      }));
      await db.transaction((tx) => appendAudits(tx, entries));
      pushLatencies.push(performance.now() - start);
      clerkEntries += entries.length;
    }
  });
  const admins = Array.from({ length: ADMINS }, async (_, s) => {
    const siteId = `bench-site-${s}`;
    for (let i = 0; performance.now() < deadline; i++) {
      const start = performance.now();
      await db.transaction(async (tx) => {
        await tx.query('UPDATE sites SET name = $2 WHERE id = $1', [siteId, `Điểm ${i}`]);
        await appendAudit(tx, {
          actorId: `admin.${s}`,
          actorRole: 'admin',
          action: 'site.updated',
          siteId,
          provinceCode: '79',
          target: `site:${siteId}`,
          detail: { fields: ['name'] },
        });
      });
      adminLatencies.push(performance.now() - start);
      adminEntries++;
    }
  });
  await Promise.all([...counters, ...admins]);
  const seconds = (performance.now() - t0) / 1000;
  const pct = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return +(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0).toFixed(1);
  };
  return {
    appendsPerSecond: Math.round((clerkEntries + adminEntries) / seconds),
    clerkEntriesPerSecond: Math.round(clerkEntries / seconds),
    adminChangesPerSecond: Math.round(adminEntries / seconds),
    pushP50ms: pct(pushLatencies, 50),
    pushP95ms: pct(pushLatencies, 95),
    adminP50ms: pct(adminLatencies, 50),
    adminP95ms: pct(adminLatencies, 95),
  };
}

async function verifyMillion(db: Db) {
  const [have] = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM audit_log');
  const toFill = ENTRIES - Number(have!.n);
  const f0 = performance.now();
  for (let done = 0; done < toFill; done += FILL_CHUNK) {
    const n = Math.min(FILL_CHUNK, toFill - done);
    const entries = Array.from({ length: n }, (_, i) => {
      const g = done + i;
      return {
        actorId: `clerk.${g % 500}`,
        actorRole: 'clerk',
        action: 'token.issued',
        siteId: `site-${g % 300}`,
        provinceCode: '79',
        target: `registration:0190f4a2-7c3e-7d21-9b3a-${String(g).padStart(12, '0')}`,
        detail: { tokenSerial: `TK-${g}`, identityCheck: 'chip-verified' },
      };
    });
    await db.transaction((tx) => appendAudits(tx, entries));
    process.stderr.write(`\r  filled ${done + n} / ${toFill}`);
  }
  process.stderr.write('\n');
  const fillSeconds = (performance.now() - f0) / 1000;
  const v0 = performance.now();
  const result = await verifyAudit(db);
  const verifySeconds = (performance.now() - v0) / 1000;
  if (!result.ok) throw new Error(`the bench chain does not verify: ${JSON.stringify(result)}`);
  return { entries: result.entries, fillSeconds: +fillSeconds.toFixed(1), verifySeconds: +verifySeconds.toFixed(2) };
}

async function run(kind: 'pglite' | 'postgres', db: Db) {
  await migrate(db);
  process.stderr.write(`${kind}: ${COUNTERS} counters and ${ADMINS} administrators acting at once for ${SECONDS} s …\n`);
  const append = await appendRate(db);
  process.stderr.write(`${kind}: filling the chain to ${ENTRIES} entries and verifying …\n`);
  const verify = await verifyMillion(db);
  await db.close();
  return { db: kind, ...append, ...verify };
}

const results = await onBothDatabases(run);
console.table(results);
console.log(JSON.stringify({ bench: 'audit', targets: { appendsPerSecond: 5000, verifySecondsFor1M: 10 }, results }));
