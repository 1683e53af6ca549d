import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cors from '@fastify/cors';
import { MAX_BODY_BYTES, routes, STAFF_SESSION_HEADER } from '@dangky/core/protocol';
import type { Db, Queryable } from './db/db.ts';
import { installErrorHandler } from './errors.ts';
import { installLoadShedding } from './load/shed-load.ts';
import { openApiDocument } from './openapi.ts';
import { authRoutes } from './routes/auth.ts';
import { hashQueue, type HashQueueOptions } from './auth/hash-queue.ts';
import { referenceRoutes } from './routes/reference.ts';
import { reportRoutes } from './routes/reports.ts';
import { syncRoutes, tokenStockRoutes } from './routes/sync.ts';
import { enrolRoutes } from './routes/enrol.ts';
import { adminRoutes } from './routes/admin/index.ts';
import { remoteSigningRoutes } from './routes/remote-signing.ts';
import type { RemoteSigningAdapter } from './remote-signing/adapter.ts';
import { citizenRoutes } from './routes/citizens.ts';
import { handoffRoutes } from './routes/handoff.ts';
import { randomBytes } from 'node:crypto';
import { processServerKeys, type ServerKeys } from './privacy/server-keys.ts';
import { DEFAULT_RETENTION, type RetentionPolicy } from './privacy/retention.ts';
import { memoryErasureLedger, type ErasureLedger } from './privacy/erasure-ledger.ts';
import { dataReportRoutes } from './routes/data-report.ts';
import { citizenErasureRoutes } from './routes/citizen-erasure.ts';
import { defaultServiceRules, type ServiceRules } from '@dangky/core/gates';
import { defaultEventTimeWindow, type EventTimeWindow } from '@dangky/core/events';
import { healthRoutes } from './storage/readiness.ts';
import { boardRoutes } from './routes/board.ts';
import { counterPauseRoutes } from './routes/counter-pauses.ts';
import type { IdentityMarker } from './storage/identity-marker.ts';
import { spaceGuard, type SpaceGuard } from './storage/space-guard.ts';
import { refuseWritesWhenFull } from './storage/refuse-when-full.ts';

export interface BuildOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** Browser origins allowed to call the API (the kiosk's and the counter-app's). */
  corsOrigins?: string[];
  /** The remote-signing provider(s); without one the remote-signing routes are not served. */
  remoteSigning?: RemoteSigningAdapter;
  /**
   * A read-only copy of `db` (a streaming-replication standby) for reports and statistics, which
   * may lag the primary by a moment; sign-in checks and writes always use `db`. Default: `db`.
   */
  replica?: Queryable;
  /**
   * Requests in progress in this process past which new ones get 503 + retry-after
   * (`load/shed-load.ts`). Default: 64 on PGlite (one query at a time), 256 on PostgreSQL.
   */
  maxInFlight?: number;
  /** Minimum ages, the free-certificate rule, the no-show grace (core's defaults when absent). */
  rules?: ServiceRules;
  /**
   * Counters refuse a token whose serial the site does not hold in stock, and the server refuses
   * its `token.issued`. Default off here — the tests' serials come from no stock; `main.ts`
   * turns it on unless the demo runs (`TOKEN_STOCK_CHECK`).
   */
  tokenStockCheck?: boolean;
  /**
   * The key that seals the sites' private hand-off keys at rest (32 bytes, from `HANDOFF_KEY_FILE`).
   * Default: a random key for this process — fine for tests, lost on restart.
   */
  handoffKek?: Buffer;
  /**
   * The keys citizens' personal data is sealed and looked up with (`privacy/server-keys.ts`, from
   * `SERVER_KEY_FILE`). Default: keys made once per process — every app of a test process shares
   * them, as replicas share the file; a real server always passes the file's.
   */
  serverKeys?: ServerKeys;
  /** How long personal data is kept after a registration is finished (the citizen's data report says when it goes). */
  retention?: RetentionPolicy;
  /**
   * Where erasures made on citizens' requests are written before the database (`privacy/erasure-ledger.ts`,
   * `ERASURE_LEDGER`). Default: in memory — fine for tests; a real server passes the file beside its keys.
   */
  erasureLedger?: ErasureLedger;
  /** How far from the server's clock a pushed event's time may lie (default: 30 days behind, 10 minutes ahead). */
  eventWindow?: EventTimeWindow;
  /** The server's clock (default: the system's); tests pass their own. */
  now?: () => Date;
  /** The cap on password hashes computed at once and the sign-ins that may wait for one (`auth/hash-queue.ts`). */
  passwordHashing?: HashQueueOptions;
  /**
   * Which proxies' `x-forwarded-for` names the client (Fastify's `trustProxy`: addresses, CIDRs,
   * `loopback`…), so sign-in limits count per client rather than per proxy. Default: none.
   */
  trustProxy?: string | string[];
  /** The database's identity checked at start (`storage/open-storage.ts`): /readyz fails when the database no longer carries it. */
  identity?: IdentityMarker;
  /** Disk-full detection (`storage/space-guard.ts`). Default: from disk-full errors alone (no folder to look at). */
  space?: SpaceGuard;
  /**
   * The connection `/readyz` checks the database through. Default: `db`. A replica on PostgreSQL
   * gives it a connection of its own: behind `db`'s pool a busy replica's check waits its turn
   * with the requests, and the balancer would take a replica that is only busy for one that
   * cannot write, and send its load to the others until they too look dead.
   */
  probe?: Db;
}

/** The HTTP app without listening, so tests inject requests and main.ts decides the port. */
export async function build({
  db,
  logger = false,
  corsOrigins = [],
  remoteSigning,
  replica = db,
  maxInFlight = db.kind === 'pglite' ? 64 : 256,
  rules = defaultServiceRules,
  tokenStockCheck = false,
  handoffKek = randomBytes(32),
  serverKeys = processServerKeys(),
  retention = DEFAULT_RETENTION,
  erasureLedger = memoryErasureLedger(),
  eventWindow = defaultEventTimeWindow,
  now = () => new Date(),
  passwordHashing,
  trustProxy,
  identity,
  space = spaceGuard({}),
  probe = db,
}: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: MAX_BODY_BYTES,
    ...(trustProxy ? { trustProxy } : {}),
    // Fastify's request log holds method, URL and status only — never headers (device secrets,
    // tokens) or bodies (personal data); our handlers log codes, not values.
  });
  await app.register(cors, {
    origin: corsOrigins,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', STAFF_SESSION_HEADER],
    // A page reads a shed request's retry-after only when the server lets it (not a safelisted header).
    exposedHeaders: ['retry-after'],
  });
  installErrorHandler(app, { onDiskFull: () => space.noteFull(), retryAfterSeconds: space.retryAfterSeconds });
  installLoadShedding(app, { maxInFlight });
  refuseWritesWhenFull(app, space);
  // No answer may rest in a browser's disk cache: a counter's pull holds citizens' identities in
  // clear, and Chromium keeps cached bodies in the profile, outside the sealed rows.
  // Nor may a browser read an answer as anything but what its content-type says.
  app.addHook('onSend', async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });
  healthRoutes(app, probe, { identity, space });
  const doc = openApiDocument();
  app.get(routes.openapi, async () => doc);
  syncRoutes(app, db, rules, serverKeys, { eventWindow, now, tokenStockCheck });
  authRoutes(app, db, hashQueue(passwordHashing), now);
  referenceRoutes(app, db, rules, { tokenStockCheck });
  citizenRoutes(app, db, rules, serverKeys);
  reportRoutes(app, db, replica);
  enrolRoutes(app, db);
  handoffRoutes(app, db, handoffKek);
  boardRoutes(app, db, now);
  counterPauseRoutes(app, db, { eventWindow, now });
  tokenStockRoutes(app, db, { tokenStockCheck });
  adminRoutes(app, db, now);
  dataReportRoutes(app, db, serverKeys, retention);
  citizenErasureRoutes(app, db, serverKeys, erasureLedger, now);
  if (remoteSigning) remoteSigningRoutes(app, db, remoteSigning, serverKeys);
  return app;
}
