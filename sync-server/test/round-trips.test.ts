import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pushResponse, routes } from '@dangky/core/protocol';
import { reference } from '@dangky/core/schemas';
import { hcmDay } from '@dangky/core/time';
import { build } from '../src/app.ts';
import type { Db, Queryable } from '../src/db/db.ts';
import { processServerKeys } from '../src/privacy/server-keys.ts';
import { dbKind, freshDb, TEST_EVENT_WINDOW } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * Every device syncs every 30 s — a push of its new registrations and a read of its reference
 * data — and at national scale the statements each sync sends, more than the work in them, are
 * what the servers and the database spend their CPU on. These are the counts a kiosk's sync
 * costs; a change that adds a round trip to every sync shows here first.
 */
const statements: string[] = [];
const counting = (q: Queryable): Queryable => ({
  query: (sql, params) => {
    statements.push(sql);
    return q.query(sql, params);
  },
  exec: (sql) => {
    statements.push(sql);
    return q.exec(sql);
  },
});

let db: Db;
let app: FastifyInstance;
/** The kiosk's last event, as the push left it. */
let lastSeq = 0;
beforeAll(async () => {
  db = await freshDb('seeded');
  const counted: Db = {
    ...db,
    ...counting(db),
    transaction: (fn, options) =>
      db.transaction(
        (tx) => {
          // What goes with BEGIN is one round trip with it, and what goes with COMMIT another.
          statements.push(['BEGIN', ...(options?.first ?? [])].join(';\n'));
          return fn(counting(tx));
        },
        {
          ...options,
          last: (result) => {
            const last = options?.last?.(result) ?? [];
            statements.push([...last, 'COMMIT'].join(';\n'));
            return last;
          },
        },
      ),
  };
  app = await build({ db: counted, eventWindow: TEST_EVENT_WINDOW, serverKeys: processServerKeys(), tokenStockCheck: false });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const kiosk = () => {
  const d = inject('demoSecrets').devices.find((x) => x.id === 'kiosk-hcm-ben-thanh-1')!;
  return { ...d, auth: `Device ${d.id}:${d.secret}` };
};

async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  statements.length = 0;
  const result = await work();
  return { result, statements: [...statements] };
}

describe(`the statements of a kiosk's sync (${dbKind})`, () => {
  it('a push of three new registrations: one for its writes, one read of their keys and one write of them, the look-ups in two', async () => {
    const k = kiosk();
    // Next in the kiosk's sequence, so that the push moves it.
    const [{ contiguous_seq } = { contiguous_seq: 0 }] = await db.query<{ contiguous_seq: number }>(
      'SELECT contiguous_seq FROM devices WHERE id = $1',
      [k.id],
    );
    const events = deviceEvents(k.id, Number(contiguous_seq) + 1);
    lastSeq = Number(contiguous_seq) + 3;
    const at = new Date().toISOString();
    const batch = [1, 2, 3].map((n) =>
      events.submitted({ siteId: k.siteId, ticket: `${k.ticketPrefix}-${800 + n}`, day: hcmDay(new Date()), at }),
    );
    const { result, statements: sent } = await counted(() =>
      app.inject({ method: 'POST', url: routes.push, headers: { authorization: k.auth }, payload: { deviceId: k.id, events: batch } }),
    );
    expect(pushResponse.parse(result.json()).results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const keyReads = sent.filter((s) => /FROM registration_keys/.test(s) && /^\s*SELECT/.test(s));
    const writes = sent.filter((s) => /INSERT INTO (events|registrations|daily_counts|site_counts|province_counts|queue_\w+) /.test(s));
    // The event log and its eight projections go as one statement.
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/INSERT INTO events[\s\S]*INSERT INTO queue_province_hourly_stats/);
    // The keys are read once for the whole push, however many steps open them.
    expect(keyReads).toHaveLength(1);
    // The site's lock and the savepoint go with BEGIN, the move of the kiosk's sequence with COMMIT.
    expect(sent.find((s) => s.startsWith('BEGIN'))).toMatch(/pg_advisory_xact_lock[\s\S]*SAVEPOINT ingest/);
    expect(sent.at(-1)).toMatch(
      new RegExp(`^UPDATE devices SET contiguous_seq = GREATEST\\(contiguous_seq, ${lastSeq}\\)[\\s\\S]*;\\nCOMMIT$`),
    );
    expect(result.json().missingSeqs).toEqual([]);
    // Before the first write: the sign-in, then two reads — the states with their keys and the
    // kiosk's sequence, then every gate's look-ups.
    const beforeWrites = sent.slice(
      0,
      sent.findIndex((s) => /^\s*(INSERT|WITH)/.test(s) && !/device_reports/.test(s)),
    );
    const reads = beforeWrites.filter((s) => /^\s*SELECT/.test(s) && !/^\s*SELECT id, site_id, kind/.test(s));
    expect(reads).toHaveLength(2);
    for (const table of [/FROM registrations /, /FROM registration_keys /, /contiguous_seq[\s\S]*FROM devices /])
      expect(reads[0]).toMatch(table);
    // The sign-in and contact, the transaction with its lock and savepoint, the states, keys,
    // sequence and held events, the gates' look-ups, the new keys, the writes, and the sequence's
    // move with the commit.
    expect(reads[0]).toMatch(/FROM held_events h JOIN devices/);
    expect(sent.length).toBeLessThanOrEqual(8);
  });

  it('a reference read: the sign-in, then one statement for everything the kiosk is told', async () => {
    const k = kiosk();
    const { result, statements: sent } = await counted(() =>
      app.inject({ method: 'GET', url: routes.reference, headers: { authorization: k.auth } }),
    );
    const body = reference.parse(result.json());
    expect(body.device).toMatchObject({ id: k.id, ticketPrefix: k.ticketPrefix });
    // What the one statement read: the kiosk's sequence and ticket, the waiting room, its site.
    expect(body.device?.lastSeq).toBe(lastSeq);
    expect(body.device?.lastTicket).toEqual({ day: hcmDay(new Date()), seq: 803 });
    expect(body.device?.waitFigures?.waiting).toBeGreaterThanOrEqual(3);
    expect(body.providers.length).toBeGreaterThan(0);
    expect(body.sites.map((s) => s.id)).toEqual([k.siteId]);
    // The sign-in, perhaps the device's contact, and the reference data itself.
    expect(sent.filter((s) => !/device_reports|FROM devices/.test(s))).toHaveLength(1);
    expect(sent.length).toBeLessThanOrEqual(3);
  });
});
