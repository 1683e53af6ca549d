// `npm run bench`: every benchmark in turn; each prints its own table and a final JSON line.
// Run one with `npm run bench -- <name>` (names below).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './system.mjs';

const benches = [
  { name: 'sync-ingest', file: 'tests/bench/sync-ingest.ts', about: 'sync push ingest, PGlite and PostgreSQL' },
  {
    name: 'server-keys',
    file: 'tests/bench/server-keys.ts',
    about: "the server's keys per operation and per registration: wrap, unwrap, HMAC — key file vs PKCS#11 token (SoftHSM2), µs",
  },
  { name: 'kiosk-first-screen', file: 'kiosk/scripts/first-screen-size.mjs', about: "kiosk's first-screen JS, KB gzip" },
  {
    name: 'audio-pack',
    file: 'tests/bench/audio-pack.ts',
    about: "kiosk's offline audio guidance pack: KB, clips, precache time in Chromium",
  },
  {
    name: 'mrz-ocr',
    file: 'tests/bench/mrz-ocr.ts',
    about: 'MRZ OCR (tesseract.js, one warm worker) on 300 generated card backs: exact %, confidently wrong, p50/p95 ms',
  },
  {
    name: 'qr-decode',
    file: 'tests/bench/qr-decode.ts',
    about: 'QR decode (zxing-wasm) per synthetic 1280×720 card-front frame, p50/p95 ms',
  },
  {
    name: 'token-issuance',
    file: 'hardware/src/token/bench.ts',
    about: 'token issuance on SoftHSM2 (RSA-2048, P-256) p50/p95, and our per-PKCS#11-call overhead over bare pkcs11js',
  },
  {
    name: 'audit',
    file: 'tests/bench/audit.ts',
    about: 'audit log: append rate under 32 concurrent staff actions, and audit verify over 1,000,000 entries (PGlite, PostgreSQL)',
  },
  {
    name: 'retention',
    file: 'tests/bench/retention.ts',
    about:
      'retention by crypto-shredding: the job erasing 1,000,000 due registrations among 1,200,000, and its next run (PGlite, PostgreSQL)',
  },
  {
    name: 'signin-flood',
    file: 'tests/bench/signin-flood.ts',
    about:
      'device p50/p95/p99 (40 req/s, kiosk pushes and reference reads) while 0, 2, 8, 16 loops send wrong-password sign-ins, each try a new name and address (PGlite, as npm start runs it)',
  },
  {
    name: 'card-read',
    file: 'hardware/src/nfc/sim/bench.ts',
    about: 'chip read (BAC, PACE) through the PN532 simulator on a pty, 115,200 baud and unthrottled',
  },
  {
    name: 'queue-stats',
    file: 'tests/bench/queue-stats.ts',
    about: "manager's waiting-room statistics over 1 year × 1,000 sites of projection rows, p50/p95 ms (PostgreSQL, PGlite)",
  },
  {
    name: 'planner',
    file: 'tests/bench/planner.ts',
    about: 'booth-day planner: one day, 2,000 arrivals, 8 counters, 200 replications (seconds)',
  },
  {
    name: 'handoff-ticket',
    file: 'tests/bench/handoff-ticket.ts',
    about: "the hand-off ticket's sealed QR: size (QR version at level M, width on 58 mm paper) and seal/open p50/p95 ms",
  },
  {
    name: 'device-load',
    file: 'tests/bench/device-load.ts',
    about:
      'devices syncing every 30 s through HAProxy to three sync-servers on PostgreSQL, stepped up: req/s, p50/p95/p99, errors, CPU per request',
  },
  {
    name: 'sync-cost',
    file: 'tests/bench/sync-cost.ts',
    about: "one device's sync on one server and PostgreSQL: statements per request, database time and CPU per request (server, PostgreSQL)",
  },
  {
    name: 'national-report',
    file: 'tests/bench/national-report.ts',
    about:
      'counts report from rollups of 50 million registrations (1 year × 1,000 sites, 34 provinces): site, province, national × day, month, year p95',
  },
  {
    name: 'ingest-partitioned',
    file: 'tests/bench/ingest-partitioned.ts',
    about:
      'the month-partitioned event log filled to 10 million events on PostgreSQL: HTTP ingest of a sample, storage load rate, MB per million events, look-ups and archiving a month at that size',
  },
];

const only = process.argv.slice(2);
let failed = 0;
for (const b of benches) {
  if (only.length && !only.includes(b.name)) continue;
  const path = join(repoRoot, b.file);
  if (!existsSync(path)) {
    console.log(`\n== ${b.name}: ${b.file} is missing — skipped`);
    failed++;
    continue;
  }
  console.log(`\n== ${b.name} — ${b.about}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
