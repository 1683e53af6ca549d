import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pushResponse, routes } from '@dangky/core/protocol';
import { build } from '../src/app.ts';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * One bad event never stops a device: what the schema refuses (text the database cannot store),
 * what the database still refuses while storing one event, an event dated far from the server's
 * clock and an id sent again with other content are each answered with their own code, and the
 * rest of the batch is stored.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const SITE = 'hcm-ben-thanh';
const at = '2026-11-22T03:00:00.000Z';
const day = '2026-11-22';
const stored = async (ids: string[]) =>
  (await h.db.query<{ id: string }>('SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[])', [ids])).map((r) => r.id).sort();

async function pushTo(app: FastifyInstance, events: unknown[], report?: unknown) {
  const res = await app.inject({
    method: 'POST',
    url: routes.push,
    headers: { authorization: h.device(KIOSK).auth },
    payload: { deviceId: KIOSK, events, ...(report ? { report } : {}) },
  });
  return {
    status: res.statusCode,
    codes: res.statusCode === 200 ? pushResponse.parse(res.json()).results.map((r) => (r.status === 'rejected' ? r.code : r.status)) : [],
  };
}

describe(`per-event refusal on ${dbKind}`, () => {
  it('a batch [valid, NUL, lone surrogate] stores the valid event and refuses the others with a code', async () => {
    const k = deviceEvents(KIOSK, 1000);
    const ok = k.submitted({ siteId: SITE, ticket: 'A-201', day, at });
    const nul = k.submitted({ siteId: SITE, ticket: 'A-202', day, at });
    (nul.payload as { identity: { address: string } }).identity.address = '12 Lê Lợi\u0000';
    const lone = k.submitted({ siteId: SITE, ticket: 'A-203', day, at });
    (lone.payload as { identity: { address: string } }).identity.address = '12 Lê Lợi \uD800';
    expect(await h.push(KIOSK, [ok, nul, lone])).toEqual(['accepted', 'DK_ERR_TEXT_UNSTORABLE', 'DK_ERR_TEXT_UNSTORABLE']);
    expect(await stored([ok.id, nul.id, lone.id])).toEqual([ok.id]);
  });

  it('answers an event that breaks a rule with its own code the rule names, and stores the rest', async () => {
    const k = deviceEvents(KIOSK, 1100);
    const ok = k.submitted({ siteId: SITE, ticket: 'A-211', day, at, kioskSeconds: 95 });
    const clock = k.submitted({ siteId: SITE, ticket: 'A-212', day, at, kioskSeconds: 7200 });
    const phone = k.submitted({ siteId: SITE, ticket: 'A-213', day, at });
    (phone.payload as { contact: { phone: string } }).contact.phone = '12345';
    const shapeless = { ...k.submitted({ siteId: SITE, ticket: 'A-214', day, at }), payload: { nonsense: true } };
    expect(await h.push(KIOSK, [ok, clock, phone, shapeless])).toEqual([
      'accepted',
      'DK_ERR_KIOSK_TIME_RANGE',
      'DK_ERR_PHONE_INVALID',
      'DK_ERR_EVENT_INVALID',
    ]);
    expect(await stored([ok.id, clock.id, phone.id, shapeless.id])).toEqual([ok.id]);
  });

  it('an event the database still refuses is rejected alone; a fault of the server fails the push and stores nothing', async () => {
    // A trigger stands in for what no schema foresaw: the database refuses one event's data (class 22), or fails itself (an I/O
    // error; not a full disk, which would also make this server refuse every write for a while — readiness.test.ts).
    await h.db.exec(`
      CREATE FUNCTION refuse_some() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.seq = 2077 THEN RAISE EXCEPTION 'refused' USING ERRCODE = '22021'; END IF;
        IF NEW.seq = 2078 THEN RAISE EXCEPTION 'i/o error' USING ERRCODE = '58030'; END IF;
        RETURN NEW; END $$;
      CREATE TRIGGER refuse_some BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_some();`);
    try {
      const submitted = (seq: number, ticket: string) => deviceEvents(KIOSK, seq).submitted({ siteId: SITE, ticket, day, at });
      const [first, refused, third] = [submitted(2076, 'A-301'), submitted(2077, 'A-302'), submitted(2079, 'A-303')];
      expect(await h.push(KIOSK, [first, refused, third])).toEqual(['accepted', 'DK_ERR_EVENT_UNSTORABLE', 'accepted']);
      expect(await stored([first.id, refused.id, third.id])).toEqual([first.id, third.id].sort());
      // The refused one left no trace: its registration was not projected either.
      const [reg] = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM registrations WHERE id = $1', [
        refused.payload.registrationId,
      ]);
      expect(reg!.n).toBe(0);

      const [later, faulty] = [submitted(2080, 'A-304'), submitted(2078, 'A-305')];
      const res = await pushTo(h.app, [later, faulty]);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(await stored([later.id, faulty.id])).toEqual([]);
    } finally {
      await h.db.exec('DROP TRIGGER refuse_some ON events; DROP FUNCTION refuse_some();');
    }
  });

  it('takes sequence numbers up to 2^53−1 and reports the gap below them', async () => {
    const k = deviceEvents(KIOSK, Number.MAX_SAFE_INTEGER);
    const last = k.submitted({ siteId: SITE, ticket: 'A-401', day, at });
    const res = await h.app.inject({
      method: 'POST',
      url: routes.push,
      headers: { authorization: h.device(KIOSK).auth },
      payload: { deviceId: KIOSK, events: [last] },
    });
    expect([res.statusCode, res.body.slice(0, 300)]).toEqual([200, expect.anything()]);
    const body = pushResponse.parse(res.json());
    expect(body.results.map((r) => r.status)).toEqual(['accepted']);
    expect(body.missingSeqs.length).toBeGreaterThan(0);
    const [row] = await h.db.query<{ seq: number }>('SELECT seq FROM events WHERE id = $1', [last.id]);
    expect(Number(row!.seq)).toBe(Number.MAX_SAFE_INTEGER);
    expect(await h.push(KIOSK, [last])).toEqual(['duplicate']);
    const reference = await h.app.inject({ method: 'GET', url: routes.reference, headers: { authorization: h.device(KIOSK).auth } });
    // A kiosk whose browser data was wiped learns where its sequence stands: there.
    expect(reference.json().device).toMatchObject({ lastSeq: Number.MAX_SAFE_INTEGER });
  });

  it('refuses events dated outside the window around the server clock, and records the device clock skew', async () => {
    const now = new Date('2026-12-06T06:00:00.000Z');
    const strict = await build({ db: h.db, now: () => now });
    try {
      const k = deviceEvents(KIOSK, 5000);
      const dated = (iso: string, n: number) =>
        k.submitted({ siteId: SITE, ticket: `A-${500 + n}`, day: iso.slice(0, 10), at: iso, birthDate: '1960-01-01' });
      const events = [
        dated('2026-11-07T06:00:00.000Z', 1), // 29 days behind: an offline kiosk's backlog
        dated('2026-11-05T06:00:00.000Z', 2), // 31 days behind
        dated('2026-12-06T06:09:00.000Z', 3), // 9 minutes of drift
        dated('2026-12-06T06:11:00.000Z', 4),
        dated('1970-01-01T00:00:00.000Z', 5),
        dated('2099-01-01T03:00:00.000Z', 6),
      ];
      const report = {
        appVersion: 'kiosk 1',
        pending: 0,
        oldestPendingAt: null,
        deadLetters: 0,
        hardware: [],
        sentAt: '2026-12-06T08:00:00.000Z',
      };
      expect((await pushTo(strict, events, report)).codes).toEqual([
        'accepted',
        'DK_ERR_EVENT_TIME_OUT_OF_RANGE',
        'accepted',
        'DK_ERR_EVENT_TIME_OUT_OF_RANGE',
        'DK_ERR_EVENT_TIME_OUT_OF_RANGE',
        'DK_ERR_EVENT_TIME_OUT_OF_RANGE',
      ]);
      const [skew] = await h.db.query<{ s: number }>('SELECT clock_skew_s AS s FROM device_reports WHERE device_id = $1', [KIOSK]);
      expect(Number(skew!.s)).toBe(7200);
    } finally {
      await strict.close();
    }
  });

  it('answers an id sent again with other content as a conflict, and the stored event stands', async () => {
    const k = deviceEvents(KIOSK, 6000);
    const first = k.submitted({ siteId: SITE, ticket: 'A-601', day, at });
    expect(await h.push(KIOSK, [first])).toEqual(['accepted']);
    const changed = structuredClone(first);
    (changed.payload as { identity: { address: string } }).identity.address = '99 Hai Bà Trưng, TP. Hồ Chí Minh';
    // The same event in another offset and key order is still the same event.
    const same = {
      ...first,
      occurredAt: '2026-11-22T10:00:00.000+07:00',
      payload: Object.fromEntries(Object.entries(first.payload).reverse()),
    };
    expect(await h.push(KIOSK, [same, changed])).toEqual(['duplicate', 'DK_ERR_EVENT_ID_CONFLICT']);
    const moved = { ...first, occurredAt: '2026-11-22T03:00:01.000Z' };
    expect(await h.push(KIOSK, [moved])).toEqual(['DK_ERR_EVENT_ID_CONFLICT']);
    // Within one batch too: the second, different, copy is the conflict.
    const twin = k.submitted({ siteId: SITE, ticket: 'A-602', day, at });
    const other = structuredClone(twin);
    (other.payload as { contact: { phone: string } }).contact.phone = '0987654321';
    expect(await h.push(KIOSK, [twin, twin, other])).toEqual(['accepted', 'duplicate', 'DK_ERR_EVENT_ID_CONFLICT']);
    const [row] = await h.db.query<{ payload: unknown; registration_id: string }>(
      'SELECT payload, registration_id::text AS registration_id FROM events WHERE id = $1',
      [first.id],
    );
    expect(await h.open<{ identity: { address: string } }>(row!.registration_id, row!.payload)).toMatchObject({
      identity: { address: first.payload.identity.address },
    });
  });
});
