import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loginResponse, pushResponse, routes, STAFF_SESSION_HEADER } from '@dangky/core/protocol';
import { build } from '../src/app.ts';
import type { Db } from '../src/db/db.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import type { DemoSecrets } from '../src/seed/demo.ts';
import type { RemoteSigningAdapter } from '../src/remote-signing/adapter.ts';
import { openVault } from '../src/privacy/registration-vault.ts';
import { processServerKeys, type ServerKeys } from '../src/privacy/server-keys.ts';
import { recordDeviceSignIn } from '../src/auth/device-sign-ins.ts';
import { newSecret, sha256 } from '../src/auth/secrets.ts';
import type { Template } from './setup/templates.ts';

/** Which database this run of the suite uses (the suite runs once per database). */
export const dbKind = process.env.DANGKY_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh database of its own, a copy of the run's template (test/setup/): migrated, or migrated
 * and seeded with the demo (whose secrets are `inject('demoSecrets')`). In-memory PGlite, or a new
 * database on the test PostgreSQL.
 */
export async function freshDb(template: Template = 'migrated'): Promise<Db> {
  if (dbKind === 'pglite') {
    const dump = await readFile(inject('pgliteTemplates')[template]);
    return openPglite(undefined, { loadDataDir: new Blob([dump]) });
  }
  return openPostgres(await freshPostgresUrl(undefined, template));
}

/** A new database on the test PostgreSQL (empty, or a copy of a template; optionally owned by another role); its URL. */
export async function freshPostgresUrl(owner?: string, template?: Template): Promise<string> {
  const admin = inject('databaseUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${owner}` : ''}${template ? ` TEMPLATE tmpl_${template}` : ''}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  if (owner) url.username = owner;
  return url.toString();
}

/** Runs statements with triggers off — what someone with direct database access could do (superuser only). */
export async function asTamperer(db: Db, statements: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    for (const sql of statements) await tx.query(sql);
  });
}

export interface Harness {
  db: Db;
  app: FastifyInstance;
  demo: DemoSecrets;
  device: (id: string) => { id: string; auth: string; siteId: string; ticketPrefix: string | null };
  /** A stored payload, state or held event of a registration, opened with its data key as the server does. */
  open: <T = unknown>(registrationId: string, stored: unknown) => Promise<T>;
  /** One push from a demo device: each event's answer — `accepted`, `duplicate`, or the refusal's code. */
  push: (deviceId: string, events: unknown[]) => Promise<string[]>;
  /**
   * The headers of a demo counter's pull: its device authorization and the session of its site's
   * clerk, signed in through that counter (made once, on the first call).
   */
  pullHeaders: (counterId: string) => Promise<Record<string, string>>;
  close: () => Promise<void>;
}

/**
 * The suite's tests write events on fixed calendar days (opening hours, Ho Chi Minh days, a
 * booth's dates), which the default window (30 days behind the clock) would refuse as time
 * passes; its servers take a century either way, and the window's own test builds a server with
 * the default (`per-event-refusal.test.ts`).
 */
export const TEST_EVENT_WINDOW = { pastDays: 36_600, aheadMinutes: 52_704_000 };

/** Who works the demo counters: the site's clerk signs in on its counter. */
const COUNTER_CLERKS: Record<string, string> = {
  'counter-hcm-ben-thanh-1': 'clerk.benthanh',
  'counter-hcm-book-fair-1': 'clerk.hoisach',
};

/**
 * Every demo account that may serve, signed in on every demo counter over the suite's whole
 * calendar: the suite's events name their clerk on fixed days long past, when no session of
 * today's could have covered them. A test of the binding itself starts with `shifts: 'none'`.
 */
export async function standingShifts(db: Db, demo: DemoSecrets): Promise<void> {
  for (const counter of demo.devices.filter((d) => d.kind === 'counter'))
    for (const person of demo.staff.filter((s) => s.role !== 'admin'))
      await recordDeviceSignIn(db, {
        sessionSha256: sha256(newSecret()),
        deviceId: counter.id,
        staffId: person.username,
        from: '1970-01-01T00:00:00.000Z',
        to: '2199-12-31T00:00:00.000Z',
      });
}

/** A demo counter's pull headers: its authorization, and the session of its site's clerk signed in through it. */
export async function counterPullHeaders(app: FastifyInstance, demo: DemoSecrets, counterId: string): Promise<Record<string, string>> {
  const d = demo.devices.find((x) => x.id === counterId);
  const username = COUNTER_CLERKS[counterId];
  if (!d || !username) throw new Error(`no demo counter ${counterId}`);
  const authorization = `Device ${d.id}:${d.secret}`;
  const res = await app.inject({
    method: 'POST',
    url: routes.login,
    headers: { authorization },
    payload: { username, password: demo.staff.find((s) => s.username === username)!.password },
  });
  return { authorization, [STAFF_SESSION_HEADER]: loginResponse.parse(res.json()).token };
}

/**
 * `remoteSigning`: the provider adapter, made on the harness's database (the simulator keeps its
 * records there). `shifts`: whether the demo staff count as signed in on the demo counters at any
 * time (`standing`, the default) or only through sign-ins the test makes (`none`). `now`: the
 * server's clock (sign-ins, sessions and the pull's check read it). `serverKeys`: where the KEK and
 * the look-up key are (a SoftHSM token; default this process's keys in memory).
 */
export async function harness(
  options: {
    remoteSigning?: (db: Db) => RemoteSigningAdapter;
    shifts?: 'standing' | 'none';
    now?: () => Date;
    serverKeys?: ServerKeys;
    /** Whether a token must be in its site's stock to be issued on (off unless a test of the stock asks). */
    tokenStockCheck?: boolean;
  } = {},
): Promise<Harness> {
  const serverKeys = options.serverKeys ?? processServerKeys();
  const db = await freshDb('seeded');
  const demo = inject('demoSecrets');
  if (options.shifts !== 'none') await standingShifts(db, demo);
  const app = await build({
    db,
    remoteSigning: options.remoteSigning?.(db),
    eventWindow: TEST_EVENT_WINDOW,
    serverKeys,
    tokenStockCheck: options.tokenStockCheck ?? false,
    ...(options.now ? { now: options.now } : {}),
  });
  const sessions = new Map<string, Record<string, string>>();
  return {
    db,
    app,
    demo,
    device: (id) => {
      const d = demo.devices.find((x) => x.id === id);
      if (!d) throw new Error(`no demo device ${id}`);
      return { id: d.id, auth: `Device ${d.id}:${d.secret}`, siteId: d.siteId, ticketPrefix: d.ticketPrefix };
    },
    open: async <T>(registrationId: string, stored: unknown) =>
      (await openVault(db, serverKeys, [registrationId], { create: false })).open(registrationId, stored) as T,
    push: async (deviceId, events) => {
      const d = demo.devices.find((x) => x.id === deviceId);
      if (!d) throw new Error(`no demo device ${deviceId}`);
      const res = await app.inject({
        method: 'POST',
        url: routes.push,
        headers: { authorization: `Device ${d.id}:${d.secret}` },
        payload: { deviceId, events },
      });
      return pushResponse.parse(res.json()).results.map((r) => (r.status === 'rejected' ? r.code : r.status));
    },
    pullHeaders: async (counterId) => {
      if (!sessions.has(counterId)) sessions.set(counterId, await counterPullHeaders(app, demo, counterId));
      return sessions.get(counterId)!;
    },
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
