import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pushResponse, pullResponse, routes } from '@dangky/core/protocol';
import { reference } from '@dangky/core/schemas';
import { hcmDay } from '@dangky/core/time';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const at = '2026-11-22T03:00:00.000Z'; // 10:00 in Ho Chi Minh

async function push(deviceId: string, events: unknown[], auth = h.device(deviceId).auth) {
  const res = await h.app.inject({ method: 'POST', url: '/v1/sync/push', headers: { authorization: auth }, payload: { deviceId, events } });
  return { status: res.statusCode, body: res.json() };
}
const count = async (table: string) => Number((await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);

describe(`sync push/pull on ${dbKind}`, () => {
  it('reports health with the database kind', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok', db: dbKind });
  });

  it('accepts a batch, answers duplicate on replay, and changes nothing the second time', async () => {
    const k = deviceEvents(KIOSK);
    const batch = [
      k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-001', day: '2026-11-22', at }),
      k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-002', day: '2026-11-22', at }),
    ];
    const first = await push(KIOSK, batch);
    expect(first.status).toBe(200);
    expect(pushResponse.parse(first.body).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const before = [
      await count('events'),
      await count('registrations'),
      JSON.stringify(await h.db.query('SELECT * FROM daily_counts ORDER BY 1,2,3,4,5,6')),
    ];
    const again = await push(KIOSK, batch);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect([
      await count('events'),
      await count('registrations'),
      JSON.stringify(await h.db.query('SELECT * FROM daily_counts ORDER BY 1,2,3,4,5,6')),
    ]).toEqual(before);
  });

  it('rejects one bad event with a code and keeps the rest of the batch', async () => {
    const k = deviceEvents(KIOSK, 100);
    const day = '2026-11-21';
    const ok = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-101', day, at });
    const bad = { ...k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-102', day, at }), payload: { nonsense: true } };
    const wrongSite = k.submitted({ siteId: 'hcm-book-fair', ticket: 'A-103', day, at });
    const dupTicket = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-101', day, at });
    const wrongPrefix = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'B-104', day, at });
    const badProvider = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-105', day, at, providerId: 'misa', channel: 'token' });
    const seqTaken = { ...k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-106', day, at }), seq: 1 };
    const otherDevice = { ...k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-107', day, at }), deviceId: 'kiosk-hcm-book-fair-1' };
    const res = await push(KIOSK, [ok, bad, wrongSite, dupTicket, wrongPrefix, badProvider, seqTaken, otherDevice]);
    expect(res.status).toBe(200);
    expect(pushResponse.parse(res.body).results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'accepted',
      'DK_ERR_EVENT_INVALID',
      'DK_ERR_WRONG_SITE',
      'DK_ERR_DUPLICATE_TICKET',
      'DK_ERR_EVENT_INVALID',
      'DK_ERR_UNKNOWN_PROVIDER',
      'DK_ERR_EVENT_SEQUENCE_CONFLICT',
      'DK_ERR_EVENT_DEVICE_MISMATCH',
    ]);
  });

  it('runs a registration through called and issued, projects it, and counts it on the Ho Chi Minh day', async () => {
    const k = deviceEvents('kiosk-hcm-book-fair-1');
    // 23:30 on 22 Nov in Ho Chi Minh is 16:30Z; the outcome at 00:10 on 23 Nov is 17:10Z.
    const sub = k.submitted({
      siteId: 'hcm-book-fair',
      ticket: 'B-001',
      day: '2026-11-22',
      at: '2026-11-22T16:30:00.000Z',
      providerId: 'viettel',
    });
    expect((await push('kiosk-hcm-book-fair-1', [sub])).body.results[0].status).toBe('accepted');
    const c = deviceEvents('counter-hcm-book-fair-1');
    const regId = sub.payload.registrationId;
    const res = await push('counter-hcm-book-fair-1', [
      c.called(regId, 'clerk.hoisach', '2026-11-22T17:05:00.000Z'),
      c.issued(regId, 'clerk.hoisach', '2026-11-22T17:10:00.000Z'),
    ]);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['accepted', 'accepted']);

    const pulled = await h.app.inject({
      method: 'GET',
      url: '/v1/sync/pull',
      headers: await h.pullHeaders('counter-hcm-book-fair-1'),
    });
    const view = pullResponse.parse(pulled.json()).registrations.find((r) => r.registrationId === regId);
    expect(view).toMatchObject({ status: 'completed', outcome: 'token-issued', tokenSerial: 'TK-000123', operatorId: 'clerk.hoisach' });
    // Identities in clear: the browser must not keep this answer in its disk cache.
    expect(pulled.headers['cache-control']).toBe('no-store');

    const rows = await h.db.query<{ day: string; submitted: number; completed: number; operator_id: string }>(
      "SELECT day::text AS day, submitted, completed, operator_id FROM daily_counts WHERE site_id = 'hcm-book-fair' ORDER BY day",
    );
    expect(rows).toEqual([
      { day: '2026-11-22', submitted: 1, completed: 0, operator_id: '' },
      { day: '2026-11-23', submitted: 0, completed: 1, operator_id: 'clerk.hoisach' },
    ]);
  });

  it('refuses an illegal transition and an operator from another site', async () => {
    const k = deviceEvents('kiosk-hcm-book-fair-1', 10);
    const sub = k.submitted({ siteId: 'hcm-book-fair', ticket: 'B-002', day: '2026-11-22', at });
    await push('kiosk-hcm-book-fair-1', [sub]);
    const c = deviceEvents('counter-hcm-book-fair-1', 10);
    const regId = sub.payload.registrationId;
    const res = await push('counter-hcm-book-fair-1', [c.issued(regId, 'clerk.hoisach', at), c.called(regId, 'clerk.benthanh', at)]);
    expect(res.body.results.map((r: { code?: string }) => r.code)).toEqual(['DK_ERR_ILLEGAL_TRANSITION', 'DK_ERR_UNKNOWN_OPERATOR']);
  });

  it('never folds onto a stored registration that does not match its schema: the batch fails with its code and writes nothing', async () => {
    const k = deviceEvents('kiosk-hcm-book-fair-1', 20);
    const sub = k.submitted({ siteId: 'hcm-book-fair', ticket: 'B-020', day: '2026-11-22', at });
    await push('kiosk-hcm-book-fair-1', [sub]);
    const regId = sub.payload.registrationId;
    await h.db.query(`UPDATE registrations SET state = '{"status":"called"}'::jsonb WHERE id = $1::uuid`, [regId]);
    const before = await count('events');
    const c = deviceEvents('counter-hcm-book-fair-1', 20);
    const res = await push('counter-hcm-book-fair-1', [c.called(regId, 'clerk.hoisach', at)]);
    expect(res).toMatchObject({ status: 500, body: { error: { code: 'DK_ERR_STORED_ROW_INVALID' } } });
    expect(await count('events')).toBe(before);
  });

  it('reports the sequence numbers it has not seen', async () => {
    const k = deviceEvents(COUNTER, 4);
    const regEvent = (
      await h.db.query<{ id: string }>("SELECT id::text AS id FROM registrations WHERE site_id = 'hcm-ben-thanh' LIMIT 1")
    )[0]!;
    const res = await push(COUNTER, [k.called(regEvent.id, 'clerk.benthanh', at)]); // seq 4 without 1..3
    expect(res.body.missingSeqs).toEqual([1, 2, 3]);
  });

  it('pages the pull with an opaque cursor and refuses a forged one', async () => {
    const headers = await h.pullHeaders(COUNTER);
    const first = pullResponse.parse((await h.app.inject({ method: 'GET', url: '/v1/sync/pull?limit=1', headers })).json());
    expect(first.registrations).toHaveLength(1);
    expect(first.hasMore).toBe(true);
    const second = pullResponse.parse(
      (await h.app.inject({ method: 'GET', url: `/v1/sync/pull?limit=1&cursor=${first.cursor}`, headers })).json(),
    );
    expect(second.registrations[0]!.registrationId).not.toBe(first.registrations[0]!.registrationId);
    const forged = await h.app.inject({ method: 'GET', url: '/v1/sync/pull?cursor=bm9wZQ', headers });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.code).toBe('DK_ERR_INVALID_CURSOR');
  });

  it('tells a kiosk where its sequence and today’s tickets stand, so a wiped kiosk continues', async () => {
    const kiosk = 'kiosk-hcm-book-fair-1';
    const today = hcmDay(new Date());
    const k = deviceEvents(kiosk, 500);
    const now = new Date().toISOString();
    await push(kiosk, [
      k.submitted({ siteId: 'hcm-book-fair', ticket: 'B-004', day: today, at: now }),
      k.submitted({ siteId: 'hcm-book-fair', ticket: 'B-012', day: today, at: now }),
    ]);
    const res = await h.app.inject({ method: 'GET', url: '/v1/reference', headers: { authorization: h.device(kiosk).auth } });
    const body = reference.parse(res.json());
    expect(body.device).toMatchObject({ id: kiosk, ticketPrefix: 'B', lastSeq: 501, lastTicket: { day: today, seq: 12 } });
    const anonymous = reference.parse((await h.app.inject({ method: 'GET', url: '/v1/reference' })).json());
    expect(anonymous.device).toBeNull();
    expect(anonymous.providers.map((p) => p.id)).toContain('vnpt');
  });
});

describe(`boundaries on ${dbKind}`, () => {
  it('401 for an unknown device, a wrong secret, or no header — and stores nothing', async () => {
    const k = deviceEvents(KIOSK, 500);
    const ev = k.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-500', day: '2026-11-23', at });
    const before = await count('events');
    for (const auth of ['Device kiosk-nobody-1:AAAAAAAAAAAAAAAAAAAAAA', `Device ${KIOSK}:AAAAAAAAAAAAAAAAAAAAAA`, '']) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: auth ? { authorization: auth } : {},
        payload: { deviceId: KIOSK, events: [ev] },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('DK_ERR_DEVICE_UNAUTHENTICATED');
    }
    expect(await count('events')).toBe(before);
  });

  it('400 for malformed JSON, 413 for an oversized body, 400 for a schema violation', async () => {
    const auth = h.device(KIOSK).auth;
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: '{"deviceId":',
    });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'DK_ERR_MALFORMED_JSON']);
    const big = await h.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ deviceId: KIOSK, events: [], pad: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect([big.statusCode, big.json().error.code]).toEqual([413, 'DK_ERR_BODY_TOO_LARGE']);
    const schema = await h.app.inject({
      method: 'POST',
      url: '/v1/sync/push',
      headers: { authorization: auth },
      payload: { deviceId: KIOSK, events: [] },
    });
    expect([schema.statusCode, schema.json().error.code]).toEqual([400, 'DK_ERR_VALIDATION']);
  });

  it('never answers 5xx to random bodies, and stores nothing from them', async () => {
    const auth = h.device(KIOSK).auth;
    const before = await count('events');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ deviceId: KIOSK, events: [v] })),
        ),
        async (payload) => {
          const res = await h.app.inject({
            method: 'POST',
            url: '/v1/sync/push',
            headers: { authorization: auth, 'content-type': 'application/json' },
            payload,
          });
          expect(res.statusCode).toBeLessThan(500);
          const body = res.json();
          if (res.statusCode >= 400) expect(body.error.code).toMatch(/^DK_ERR_/);
          else expect(body.results.every((r: { status: string }) => r.status === 'rejected')).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
    expect(await count('events')).toBe(before);
  });

  it('keeps the events table append-only', async () => {
    await expect(h.db.query('DELETE FROM events')).rejects.toThrow(/append-only/);
  });

  it('serves an OpenAPI document covering every route', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    // Every path the server knows (core's route table) is documented, path parameters in OpenAPI form.
    const documented = Object.values(routes)
      .filter((r) => r !== routes.openapi && r !== routes.healthz)
      .map((r) => r.replace(/:(\w+)/g, '{$1}'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(documented));
  });
});
