import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffKeysResponse, importSitePrivateKey, openRegistration, sealRegistration } from '@dangky/core/handoff';
import { pushResponse, routes } from '@dangky/core/protocol';
import { registrationDraft } from '@dangky/core/schemas';
import { harness, dbKind, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';
import { siteKeys, HANDOFF_GRACE_MS, HANDOFF_ROTATE_AFTER_MS } from '../src/handoff/site-keys.ts';
import { randomBytes } from 'node:crypto';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const KIOSK = 'kiosk-hcm-book-fair-1';
const COUNTER = 'counter-hcm-book-fair-1';
const SITE = 'hcm-book-fair';
const at = '2026-11-22T03:00:00.000Z';
const day = '2026-11-22';

async function push(deviceId: string, events: unknown[]) {
  const res = await h.app.inject({
    method: 'POST',
    url: routes.push,
    headers: { authorization: h.device(deviceId).auth },
    payload: { deviceId, events },
  });
  return pushResponse.parse(res.json());
}
const keysOf = async (deviceId: string) =>
  h.app.inject({ method: 'GET', url: routes.handoffKeys, headers: { authorization: h.device(deviceId).auth } });
const registration = async (id: string) => {
  const [row] = await h.db.query<{ status: string; state: unknown }>('SELECT status, state FROM registrations WHERE id = $1', [id]);
  if (!row) return undefined;
  const state = (await h.open(id, row.state)) as { outcome?: string | null };
  return { status: row.status, outcome: state.outcome ?? null };
};
const rows = async (sql: string, params: unknown[]) => Number((await h.db.query<{ n: number }>(sql, params))[0]!.n);

describe(`offline hand-off on ${dbKind}`, () => {
  it('gives a kiosk only the key it seals with and a counter the keys it opens with; never cached', async () => {
    const kiosk = await keysOf(KIOSK);
    const counter = await keysOf(COUNTER);
    expect(kiosk.headers['cache-control']).toBe('no-store');
    const k = handoffKeysResponse.parse(kiosk.json());
    const c = handoffKeysResponse.parse(counter.json());
    expect(k.open).toBeUndefined();
    expect(k.seal).toEqual(c.seal);
    expect(c.open?.[0]?.kid).toBe(c.seal.kid);
    expect((await h.app.inject({ method: 'GET', url: routes.handoffKeys })).statusCode).toBe(401);
    // A ticket the kiosk seals opens with the counter's key.
    const k1 = deviceEvents(KIOSK, 900);
    const sub = k1.submitted({ siteId: SITE, ticket: 'B-900', day, at });
    const text = await sealRegistration({ draft: registrationDraft.parse(sub.payload), submittedAt: at, kioskDeviceId: KIOSK }, k.seal);
    const keys = await Promise.all(c.open!.map(async (o) => ({ kid: o.kid, privateKey: await importSitePrivateKey(o) })));
    const opened = await openRegistration(text, { siteId: SITE, keys, now: new Date(at) });
    expect(opened.draft.registrationId).toBe(sub.payload.registrationId);
  });

  it('keeps the private half sealed at rest: the database alone holds no key in clear', async () => {
    const c = handoffKeysResponse.parse((await keysOf(COUNTER)).json());
    const stored = await h.db.query<{ private_key_sealed: string }>('SELECT private_key_sealed FROM site_handoff_keys WHERE site_id = $1', [
      SITE,
    ]);
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) expect(row.private_key_sealed).not.toContain(c.open![0]!.privateKey);
  });

  it('rotates a key after its period and keeps delivering the previous one to counters for the grace', async () => {
    const kek = randomBytes(32);
    const t0 = new Date('2027-01-01T00:00:00Z');
    const first = await siteKeys(h.db, kek, 'hcm-ben-thanh', t0);
    expect(first.open.map((k) => k.kid)).toEqual([first.seal.kid]);
    const rotated = await siteKeys(h.db, kek, 'hcm-ben-thanh', new Date(t0.getTime() + HANDOFF_ROTATE_AFTER_MS));
    expect(rotated.seal.kid).not.toBe(first.seal.kid);
    expect(rotated.open.map((k) => k.kid)).toEqual([rotated.seal.kid, first.seal.kid]);
    const later = await siteKeys(h.db, kek, 'hcm-ben-thanh', new Date(t0.getTime() + HANDOFF_ROTATE_AFTER_MS + HANDOFF_GRACE_MS + 1));
    expect(later.open.map((k) => k.kid)).toEqual([rotated.seal.kid]);
  });

  it('serves first, syncs later: the counter’s events wait for the kiosk’s submission, then fold into one registration', async () => {
    const kiosk = deviceEvents(KIOSK, 1000);
    const counter = deviceEvents(COUNTER, 1000);
    const sub = kiosk.submitted({ siteId: SITE, ticket: 'B-950', day, at, eid: true });
    const regId = sub.payload.registrationId;
    const called = counter.called(regId, 'clerk.hoisach', at);
    const handed = counter.event(
      'eid.level2.recorded',
      { registrationId: regId, operatorId: 'clerk.hoisach', outcome: 'handed-to-officer' },
      at,
    );

    // The counter reconnects first: its events are accepted into custody, nothing is folded yet.
    const first = await push(COUNTER, [called, handed]);
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(first.missingSeqs.filter((s) => s >= 1000)).toEqual([]);
    expect(await registration(regId)).toBeUndefined();
    // A replay of the same push changes nothing.
    expect((await push(COUNTER, [called, handed])).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);

    // The kiosk reconnects: its submission releases the held events through the gates and the fold.
    expect((await push(KIOSK, [sub])).results[0]!.status).toBe('accepted');
    expect(await registration(regId)).toEqual({ status: 'completed', outcome: 'eid-level2-handed-over' });
    expect(await rows('SELECT count(*)::int AS n FROM events WHERE registration_id = $1', [regId])).toBe(3);
    expect(await rows('SELECT count(*)::int AS n FROM held_events WHERE registration_id = $1', [regId])).toBe(0);

    // Each arrives once more (a retry after a lost answer): nothing changes.
    expect((await push(KIOSK, [sub])).results[0]!.status).toBe('duplicate');
    expect((await push(COUNTER, [called, handed])).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(await rows('SELECT count(*)::int AS n FROM events WHERE registration_id = $1', [regId])).toBe(3);
  });

  it('folds the same way when the kiosk syncs first', async () => {
    const kiosk = deviceEvents(KIOSK, 1100);
    const counter = deviceEvents(COUNTER, 1100);
    const sub = kiosk.submitted({ siteId: SITE, ticket: 'B-951', day, at, eid: true });
    const regId = sub.payload.registrationId;
    expect((await push(KIOSK, [sub])).results[0]!.status).toBe('accepted');
    const res = await push(COUNTER, [
      counter.called(regId, 'clerk.hoisach', at),
      counter.event('eid.level2.recorded', { registrationId: regId, operatorId: 'clerk.hoisach', outcome: 'handed-to-officer' }, at),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(await registration(regId)).toEqual({ status: 'completed', outcome: 'eid-level2-handed-over' });
  });

  it('keeps a held event the fold refuses when the submission arrives, with its code, and applies the rest', async () => {
    const kiosk = deviceEvents(KIOSK, 1200);
    const counter = deviceEvents(COUNTER, 1200);
    const sub = kiosk.submitted({ siteId: SITE, ticket: 'B-952', day, at, eid: true });
    const regId = sub.payload.registrationId;
    // A token "issued" for an e-ID registration is not this service: the fold refuses it.
    const wrong = counter.issued(regId, 'clerk.hoisach', at);
    const called = counter.called(regId, 'clerk.hoisach', at);
    await push(COUNTER, [called, wrong]);
    await push(KIOSK, [sub]);
    expect(await registration(regId)).toEqual({ status: 'called', outcome: null });
    const kept = await h.db.query<{ id: string; refused_code: string }>(
      'SELECT id::text AS id, refused_code FROM held_events WHERE registration_id = $1',
      [regId],
    );
    expect(kept).toEqual([{ id: wrong.id, refused_code: 'DK_ERR_ILLEGAL_TRANSITION' }]);
  });

  it('does not hold a kiosk’s events: only a counter serves from a ticket', async () => {
    const kiosk = deviceEvents(KIOSK, 1300);
    const res = await push(KIOSK, [kiosk.called('019af0a1-7c2b-7d3e-9f40-1a2b3c4d5e6f', 'clerk.hoisach', at)]);
    expect(res.results[0]!.status).toBe('rejected');
  });
});
