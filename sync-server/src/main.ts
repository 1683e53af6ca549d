import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './app.ts';
import { ensureEventPartitions } from './db/event-partitions.ts';
import { openStorage } from './storage/open-storage.ts';
import { refuseSettings, refuseToStart } from './storage/refuse-to-start.ts';
import { z } from 'zod';
import { spaceGuard, waitForSpace } from './storage/space-guard.ts';
import { startWatchdog } from './storage/watchdog.ts';
import { serveControlSocket } from './storage/control-socket.ts';
import { openPostgres } from './db/postgres.ts';
import { seedDemo } from './seed/demo.ts';
import { createRemoteSigningSimulator } from './remote-signing/simulator.ts';
import { anchorAuditDays } from './audit/anchor-audit.ts';
import { readFile } from 'node:fs/promises';
import { serviceRules } from '@dangky/core/gates';
import { eventTimeWindow } from '@dangky/core/events';
import { loadAdminUnits } from './seed/admin-units.ts';
import { loadKeyEncryptionKey } from './handoff/key-encryption.ts';
import { assertKekOfDatabase, erasureLedgerPath, keySourceFromEnv, openServerKeys } from './privacy/open-server-keys.ts';
import { sealLegacyRows } from './privacy/seal-legacy.ts';
import { DEFAULT_RETENTION, shredExpired } from './privacy/retention.ts';
import { fileErasureLedger, replayErasures } from './privacy/erasure-ledger.ts';
import { pruneSignInFailures } from './auth/sign-in-failures.ts';

/**
 * `npm start -w @dangky/sync-server`. Environment: PORT (4100), HOST (127.0.0.1), DATA_DIR
 * (<repo>/.data; PGlite lives in DATA_DIR/pglite), DATABASE_URL (use PostgreSQL instead),
 * CORS_ORIGINS (comma-separated), DEMO_SEED (`on`: demo sites, devices and staff, and the demo's
 * simulators; off unless set — `npm start` and the Playwright suite set it), REMOTE_SIGNING
 * (`simulator`: the demo's provider simulator, on by default with the demo and only then, or named
 * explicitly for a demo replica that does not seed; `off`; no real provider adapter exists yet, so
 * without the simulator the remote-signing routes are not served — and no clerk can confirm a
 * citizen's phone step themselves),
 * DATABASE_REPLICA_URL (a hot standby of DATABASE_URL: reports and statistics read there),
 * MAX_IN_FLIGHT (requests in progress past which new ones get 503 + retry-after; see app.ts),
 * SERVICE_RULES_FILE (a JSON file of minimum ages, the free-certificate rule and the no-show
 * grace — `serviceRules` in core/src/gates/service-rules.ts; absent keys take the defaults),
 * TOKEN_STOCK_CHECK (`on`/`off`: counters refuse a token the site does not hold, and the server
 * refuses its `token.issued`; off by default with the demo — the simulator makes each blank
 * token with a fresh random serial, which no one could have received into stock beforehand — on
 * otherwise),
 * HANDOFF_KEY_FILE (the key sealing the sites' private hand-off keys at rest; default
 * DATA_DIR/handoff-kek, made on first start — see docs/handoff-ticket.md), SERVER_KEY_FILE (the
 * key-encryption key that wraps each registration's data key and the look-up key of ID numbers;
 * default DATA_DIR/server-keys.json, made owner-only on first start, refused when others may read
 * it — see docs/personal-data.md), or instead, in production, KEK_PKCS11_MODULE (a PKCS#11 module:
 * the same keys held in a token that never lets them out), KEK_PKCS11_TOKEN (its label or serial),
 * KEK_PKCS11_PIN_FILE (an owner-only file holding the user PIN) or KEK_PKCS11_PIN, and
 * KEK_PKCS11_KEK_LABEL / KEK_PKCS11_LOOKUP_LABEL (the keys' labels: dangky-kek, dangky-lookup; made
 * once with `npx dangky-server keys init-token`), RETENTION_COMPLETED_DAYS (90) and RETENTION_CANCELLED_DAYS
 * (30): how long a registration's personal data is kept after it was completed or cancelled (a
 * registration never finished counts as cancelled on its day); then its data key is destroyed.
 * ERASURE_LEDGER (the erasures made on citizens' requests, replayed at every start so a restored
 * backup cannot bring them back; default `erasures.log` beside SERVER_KEY_FILE, kept with it).
 * EVENT_WINDOW_PAST_DAYS (30) and EVENT_WINDOW_AHEAD_MINUTES (10): how far behind and ahead of the
 * server's clock a pushed event's time may lie (core/src/events/event-time.ts).
 * TRUST_PROXY (comma-separated addresses or CIDRs, or `loopback`, of the proxies whose
 * `x-forwarded-for` names the client — HAProxy's — so failed sign-ins are counted per client;
 * default none), PASSWORD_HASHES (password hashes computed at once; default all cores but one).
 * DATABASE_POOL_MAX (PostgreSQL: connections of each pool, the primary's and the standby's; default
 * 8 — several servers on one primary share its cores, see docs/deploy.md),
 * STORAGE_INIT (`new`: begin a new empty database although the identity marker says one existed —
 * a PGlite folder is set aside, not deleted; `adopt`: take the database as found, e.g. a backup
 * restored on purpose), STORAGE_MARKER_FILE (PostgreSQL: a file keeping the database's identity
 * beside this server; PGlite's is DATA_DIR/storage-identity.json), STORAGE_SCAN (`on`/`off`: read
 * every page at start; on by default on PGlite, off on PostgreSQL), STORAGE_RESERVE_MB (64: below
 * this much free space in DATA_DIR, PGlite's writes are refused with 503 DK_ERR_STORAGE_FULL until
 * space is back), STORAGE_WATCHDOG_SECONDS (60; PGlite: the process is killed when its main thread
 * has not run for this long — 0 turns it off). See storage/open-storage.ts and the README's
 * operations section.
 *
 * Without the demo, the first administrator comes from `npx dangky-server admin bootstrap`.
 */
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dataDir = resolve(process.env.DATA_DIR ?? `${repoRoot}/.data`);
const port = Number(process.env.PORT ?? 4100);
const host = process.env.HOST ?? '127.0.0.1';
const corsOrigins = (process.env.CORS_ORIGINS ?? 'http://127.0.0.1:4101,http://127.0.0.1:4102,http://localhost:4101,http://localhost:4102')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const storageInit = z
  .enum(['new', 'adopt'])
  .optional()
  .safeParse(process.env.STORAGE_INIT || undefined);
if (!storageInit.success) refuseSettings(`STORAGE_INIT must be new or adopt, not ${process.env.STORAGE_INIT}`);
const poolMax = z.coerce
  .number()
  .int()
  .min(1)
  .max(100)
  .optional()
  .safeParse(process.env.DATABASE_POOL_MAX || undefined);
if (!poolMax.success) refuseSettings(`DATABASE_POOL_MAX must be a whole number from 1 to 100, not ${process.env.DATABASE_POOL_MAX}`);
const reserveBytes = Number(process.env.STORAGE_RESERVE_MB ?? 64) * 1024 * 1024;
// PGlite opening a folder on a full disk may need to write (recovery ends with a checkpoint) and
// would spin (storage/space-guard.ts): wait for space instead, as a supervisor would retry.
if (!process.env.DATABASE_URL)
  await waitForSpace(dataDir, reserveBytes, (message) =>
    console.warn(JSON.stringify({ level: 'warn', msg: message, code: 'DK_ERR_STORAGE_FULL', dataDir })),
  );
const storage = await openStorage({
  dataDir,
  databaseUrl: process.env.DATABASE_URL,
  poolMax: poolMax.data,
  markerFile: process.env.STORAGE_MARKER_FILE ? resolve(process.env.STORAGE_MARKER_FILE) : undefined,
  init: storageInit.data,
  scan: process.env.STORAGE_SCAN ? process.env.STORAGE_SCAN === 'on' : undefined,
  log: (message, detail) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...detail })),
}).catch(refuseToStart);
const { db } = storage;
const space = spaceGuard({ folder: storage.localFolder, reserveBytes });
await loadAdminUnits(db);
const demo = process.env.DEMO_SEED === 'on';
if (demo) await seedDemo(db, dataDir);
const tokenStockCheck = (process.env.TOKEN_STOCK_CHECK ?? (demo ? 'off' : 'on')) !== 'off';
const replica = process.env.DATABASE_REPLICA_URL ? await openPostgres(process.env.DATABASE_REPLICA_URL, { max: poolMax.data }) : undefined;
// Readiness checks keep a connection of their own, so a replica busy with requests still answers them (app.ts).
const probe = process.env.DATABASE_URL ? await openPostgres(process.env.DATABASE_URL, { max: 1 }) : undefined;
// The simulator confirms the citizen's phone step on a clerk's click: the demo's, never production's.
const simulateRemoteSigning = process.env.REMOTE_SIGNING === 'simulator' || (demo && process.env.REMOTE_SIGNING !== 'off');
const remoteSigning = simulateRemoteSigning ? createRemoteSigningSimulator({ db }) : undefined;
const maxInFlight = process.env.MAX_IN_FLIGHT ? Number(process.env.MAX_IN_FLIGHT) : undefined;
const rules = serviceRules.parse(process.env.SERVICE_RULES_FILE ? JSON.parse(await readFile(process.env.SERVICE_RULES_FILE, 'utf8')) : {});
const handoffKek = await loadKeyEncryptionKey(resolve(process.env.HANDOFF_KEY_FILE ?? join(dataDir, 'handoff-kek')));
const keySource = await keySourceFromEnv(process.env, dataDir).catch(refuseToStart);
// The PIN has been read: nothing started from here on (and no dump of this environment) carries it.
delete process.env.KEK_PKCS11_PIN;
const serverKeys = await openServerKeys(keySource).catch(refuseToStart);
await assertKekOfDatabase(db, serverKeys.kekId).catch(refuseToStart);
const legacy = await sealLegacyRows(db, serverKeys);
// Before anything is served: erasures a restored backup may have forgotten are made again.
const erasureLedger = fileErasureLedger(erasureLedgerPath(process.env, dataDir));
const reErased = await replayErasures(db, serverKeys.kekId, erasureLedger).catch(refuseToStart);
const retention = {
  completedDays: Number(process.env.RETENTION_COMPLETED_DAYS ?? DEFAULT_RETENTION.completedDays),
  cancelledDays: Number(process.env.RETENTION_CANCELLED_DAYS ?? DEFAULT_RETENTION.cancelledDays),
};
const eventWindow = eventTimeWindow.parse({
  pastDays: process.env.EVENT_WINDOW_PAST_DAYS ? Number(process.env.EVENT_WINDOW_PAST_DAYS) : undefined,
  aheadMinutes: process.env.EVENT_WINDOW_AHEAD_MINUTES ? Number(process.env.EVENT_WINDOW_AHEAD_MINUTES) : undefined,
});
const app = await build({
  db,
  replica,
  corsOrigins,
  remoteSigning,
  maxInFlight,
  rules,
  tokenStockCheck,
  handoffKek,
  serverKeys,
  retention,
  erasureLedger,
  eventWindow,
  trustProxy: process.env.TRUST_PROXY ? process.env.TRUST_PROXY.split(',').map((s) => s.trim()) : undefined,
  passwordHashing: process.env.PASSWORD_HASHES ? { concurrency: Number(process.env.PASSWORD_HASHES) } : undefined,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  identity: storage.identity,
  space,
  probe,
});
app.log.info({ databaseId: storage.identity.databaseId, schemaVersion: storage.identity.schemaVersion, db: db.kind }, 'storage checked');
await app.listen({ port, host });
// A supervisor that started this process with an IPC channel (the demo, the e2e suite, the
// cluster) learns from this process itself that it holds the port: probing the port could reach
// another process that took it first.
process.send?.({ listening: (app.server.address() as AddressInfo).port });
// PGlite runs on this thread: should it ever spin (storage/watchdog.ts), the watchdog ends the process.
const watchdogSeconds = Number(process.env.STORAGE_WATCHDOG_SECONDS ?? 60);
const stopWatchdog = db.kind === 'pglite' && watchdogSeconds > 0 ? startWatchdog(watchdogSeconds) : undefined;
// PGlite has one user, this process: `dangky-server backup` asks it through DATA_DIR/control.sock.
const stopControl =
  db.kind === 'pglite'
    ? await serveControlSocket(dataDir, db).catch((err: unknown) => {
        app.log.warn({ err: (err as Error).message }, 'control socket not served: `dangky-server backup` needs the server stopped');
        return undefined;
      })
    : undefined;
// A server running across a month's end creates the coming months' events partitions itself.
const partitions = setInterval(() => void ensureEventPartitions(db).catch((err) => app.log.error({ err }, 'events partitions')), 3_600_000);
partitions.unref();

if (legacy.states + legacy.holdings > 0) app.log.info(legacy, 'sealed rows written before personal data was sealed');
if (reErased > 0) app.log.warn({ reErased }, 'erasures on request made again: the database had forgotten them (restored from a backup?)');

// Retention: at start and hourly after (idempotent, so every instance of a cluster may run it; they
// take turns), the data keys of registrations past their period are destroyed; the log says how many.
const shred = () =>
  shredExpired(db, retention)
    .then((erased) => erased > 0 && app.log.info({ erased, ...retention }, 'retention: personal data erased'))
    .catch((err: unknown) => app.log.error({ err: (err as Error).message }, 'retention failed'));
const prune = () =>
  pruneSignInFailures(db, new Date()).catch((err: unknown) =>
    app.log.warn({ err: (err as Error).message }, 'sign-in failures pruning failed'),
  );
void shred();
const retentionTimer = setInterval(() => void shred().then(prune), 3_600_000);
retentionTimer.unref();

// The audit log's daily anchors: each finished Ho Chi Minh day gets its head hash, at start and
// hourly after (idempotent, so every instance of a cluster may do it).
const anchor = () => anchorAuditDays(db).catch((err: unknown) => app.log.warn({ err: (err as Error).message }, 'audit anchoring failed'));
void anchor();
const anchorTimer = setInterval(() => void anchor(), 3_600_000);
anchorTimer.unref();

const stop = async () => {
  clearInterval(anchorTimer);
  clearInterval(retentionTimer);
  clearInterval(partitions);
  await stopWatchdog?.();
  await stopControl?.();
  await app.close();
  serverKeys.close();
  await replica?.close();
  await probe?.close();
  // Closing PGlite writes a checkpoint; on a full disk it fails and leaves the engine spinning
  // (storage/space-guard.ts), so the process leaves without it: every acknowledged write is in the
  // log already, and the next start replays it, as after a power cut.
  if (db.kind === 'pglite' && (await space.full()))
    app.log.warn({ code: 'DK_ERR_STORAGE_FULL' }, 'disk full: stopping without a checkpoint');
  else await db.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
