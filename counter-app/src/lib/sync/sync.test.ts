import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import type { RegistrationState } from '@dangky/core/events';
import type { PushRequest } from '@dangky/core/protocol';
import { CounterDb } from '../db/counter-db.ts';
import { appendEvent, pendingCount, pushBatch, readSetting, sealerFor, type Sealer } from '@dangky/web';
import { rowKeysInMemory, type MemoryRowKeys } from '@dangky/web/testing';
import {
  FINISHED_KEPT_MS,
  foldAcknowledged,
  mergeRegistrations,
  openTickets,
  purgeFinished,
  readRegistrations,
} from '../queue/registration-store.ts';
import { pullPage } from './pull.ts';

const device = { server: 'http://server.test', deviceId: 'counter-hcm-ben-thanh-1', deviceSecret: 's'.repeat(32) };

const view = (n: number, at: string, overrides: Partial<RegistrationState> = {}): RegistrationState => {
  const registrationId = uuidv7({ now: Date.parse(at) });
  return {
    registrationId,
    draft: {
      registrationId,
      siteId: 'hcm-ben-thanh',
      service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' },
      identity: {
        idNumber: '079099012345',
        fullName: 'Nguyễn Văn An',
        birthDate: '1999-05-15',
        sex: 'M',
        address: 'Số 1',
        source: 'manual',
        assurance: 'declared',
      },
      contact: { phone: '0912345678' },
      consent: { given: true, textVersion: 'consent-2026.1', purposes: ['registration'], at },
      ticket: { number: `A-${String(n).padStart(3, '0')}`, day: at.slice(0, 10) },
      language: 'vi',
    },
    status: 'waiting',
    submittedAt: at,
    calledAt: null,
    calledBy: null,
    counterId: null,
    completedAt: null,
    outcome: null,
    operatorId: null,
    tokenSerial: null,
    cancelReason: null,
    version: 1,
    ...overrides,
  };
};

/** A fake server: answers pull from a list with numeric cursors, push by a rule per event. */
function fakeServer(registrations: RegistrationState[], reject: (id: string) => boolean = () => false) {
  const pushed: PushRequest[] = [];
  const authorizations: string[] = [];
  const staffSessions: (string | null)[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    authorizations.push(new Headers(init?.headers).get('authorization') ?? '');
    staffSessions.push(new Headers(init?.headers).get('x-staff-session'));
    if (url.pathname === '/v1/sync/pull') {
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const page = registrations.slice(from, from + 2);
      return Response.json({ registrations: page, cursor: String(from + page.length), hasMore: from + page.length < registrations.length });
    }
    const body = JSON.parse(String(init?.body)) as PushRequest;
    pushed.push(body);
    return Response.json({
      results: body.events.map((e) =>
        reject(e.id)
          ? { id: e.id, status: 'rejected', code: 'DK_ERR_ILLEGAL_TRANSITION', message: 'no' }
          : { id: e.id, status: 'accepted' },
      ),
      missingSeqs: [],
      serverTime: '2026-11-22T03:00:00.000Z',
    });
  };
  return { fetchFn, pushed, authorizations, staffSessions };
}

/** Every page, as the sync machine pulls them (the next one at once while the server has more). */
async function pullRegistrations(
  db: CounterDb,
  sealer: Sealer,
  credentials: typeof device,
  options: { fetch: typeof fetch; now?: () => Date; staffSession?: string },
) {
  const pages = [];
  for (let more = true; more;) {
    const page = await pullPage(db, sealer, credentials, { now: () => new Date('2026-11-20T02:00:00.000Z'), ...options });
    pages.push(page);
    more = page.hasMore;
  }
  return { received: pages.reduce((n, p) => n + p.received, 0), pages: pages.length };
}

let db: CounterDb;
let keys: MemoryRowKeys;
let sealer: Sealer;
beforeEach(async () => {
  db = new CounterDb(`test-${Math.random()}`);
  keys = rowKeysInMemory();
  sealer = sealerFor(keys);
});
afterEach(async () => {
  await db.delete();
});

describe('counter sync', () => {
  it('pulls every page with the device credentials and stores personal data sealed', async () => {
    const regs = [view(2, '2026-11-22T02:05:00.000Z'), view(1, '2026-11-22T02:00:00.000Z'), view(3, '2026-11-22T02:10:00.000Z')];
    const server = fakeServer(regs);
    expect(await pullRegistrations(db, sealer, device, { fetch: server.fetchFn, staffSession: 'clerk-session-token' })).toEqual({
      received: 3,
      pages: 2,
    });
    expect(server.authorizations.every((a) => a === `Device ${device.deviceId}:${device.deviceSecret}`)).toBe(true);
    // The signed-in clerk's session goes with every page: without it the server sends no citizen's data.
    expect(server.staffSessions).toEqual(['clerk-session-token', 'clerk-session-token']);
    const raw = JSON.stringify(await db.registrations.toArray(), (_k, v: unknown) =>
      v instanceof ArrayBuffer ? Array.from(new Uint8Array(v)) : v,
    );
    expect(raw).not.toContain('079099012345');
    expect(openTickets(await readRegistrations(db, sealer)).map((v) => v.draft.ticket.number)).toEqual(['A-001', 'A-002', 'A-003']);
  });

  it('shows a call at once, pushes it, and keeps a rejected event out of the way', async () => {
    const [a, b] = [view(1, '2026-11-22T02:00:00.000Z'), view(2, '2026-11-22T02:05:00.000Z')];
    await pullRegistrations(db, sealer, device, { fetch: fakeServer([a, b]).fetchFn });
    const called = await appendEvent(db, sealer, {
      deviceId: device.deviceId,
      type: 'registration.called',
      payload: { registrationId: a.registrationId, operatorId: 'clerk.benthanh', counterId: device.deviceId },
    });
    const bad = await appendEvent(db, sealer, {
      deviceId: device.deviceId,
      type: 'remote.activated', // does not fit a token registration: the server rejects it
      payload: { registrationId: b.registrationId, operatorId: 'clerk.benthanh' },
    });
    expect([called.seq, bad.seq]).toEqual([1, 2]);
    const shown = await readRegistrations(db, sealer);
    expect(shown.find((v) => v.registrationId === a.registrationId)?.status).toBe('called');
    expect(shown.find((v) => v.registrationId === b.registrationId)?.status).toBe('waiting');

    const server = fakeServer([], (id) => id === bad.id);
    expect(await pushBatch(db, sealer, device, { fetch: server.fetchFn })).toEqual({
      sent: 2,
      remaining: 0,
      at: '2026-11-22T03:00:00.000Z',
    });
    expect(server.pushed[0]?.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(await pendingCount(db)).toBe(0);
    expect((await db.deadLetters.toArray()).map((d) => [d.id, d.code])).toEqual([[bad.id, 'DK_ERR_ILLEGAL_TRANSITION']]);
  });

  it('keeps an accepted event in the view between the push and the pull that brings it back', async () => {
    const [a, b] = [view(1, '2026-11-22T02:00:00.000Z'), view(2, '2026-11-22T02:05:00.000Z')];
    await pullRegistrations(db, sealer, device, { fetch: fakeServer([a, b]).fetchFn });
    const call = (registrationId: string) =>
      appendEvent(db, sealer, {
        deviceId: device.deviceId,
        type: 'registration.called',
        payload: { registrationId, operatorId: 'clerk.benthanh', counterId: device.deviceId },
      });
    await call(a.registrationId);
    const refused = await call(b.registrationId);
    await pushBatch(db, sealer, device, {
      fetch: fakeServer([], (id) => id === refused.id).fetchFn,
      acknowledged: foldAcknowledged(db, sealer),
    });
    expect(await pendingCount(db)).toBe(0);
    const status = async (id: string) => (await readRegistrations(db, sealer)).find((v) => v.registrationId === id)?.status;
    expect(await status(a.registrationId)).toBe('called');
    // What the server refused is not shown as done.
    expect(await status(b.registrationId)).toBe('waiting');
    expect(JSON.stringify(await db.registrations.toArray())).not.toContain('Nguyễn');

    // The server's version (same or later) replaces the folded one.
    const served = { ...a, status: 'called' as const, calledBy: 'clerk.other', version: 2 };
    await mergeRegistrations(db, sealer, [served], new Date('2026-11-22T02:10:00.000Z'));
    expect((await readRegistrations(db, sealer)).find((v) => v.registrationId === a.registrationId)?.calledBy).toBe('clerk.other');
  });

  it('leaves a row that a pull changed while the push was out as the pull stored it', async () => {
    const a = view(1, '2026-11-22T02:00:00.000Z');
    await pullRegistrations(db, sealer, device, { fetch: fakeServer([a]).fetchFn });
    const called = await appendEvent(db, sealer, {
      deviceId: device.deviceId,
      type: 'registration.called',
      payload: { registrationId: a.registrationId, operatorId: 'clerk.benthanh', counterId: device.deviceId },
    });
    const sink = foldAcknowledged(db, sealer);
    const write = await sink.prepare([called]);
    const cancelled = {
      ...a,
      status: 'cancelled' as const,
      cancelReason: 'citizen-left' as const,
      completedAt: '2026-11-22T02:06:00.000Z',
      version: 2,
    };
    await mergeRegistrations(db, sealer, [cancelled], new Date('2026-11-22T02:07:00.000Z'));
    await db.transaction('rw', db.registrations, write);
    expect((await db.registrations.get(a.registrationId))?.status).toBe('cancelled');
  });

  it('keeps the outbox when the server cannot be reached', async () => {
    await appendEvent(db, sealer, {
      deviceId: device.deviceId,
      type: 'registration.cancelled',
      payload: { registrationId: uuidv7(), operatorId: 'clerk.benthanh', reason: 'citizen-left' },
    });
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(pushBatch(db, sealer, device, { fetch: offline })).rejects.toMatchObject({ code: 'DK_ERR_NETWORK' });
    expect(await pendingCount(db)).toBe(1);
  });

  it('refuses an event the core schema refuses, before it reaches the outbox', async () => {
    await expect(
      appendEvent(db, sealer, {
        deviceId: device.deviceId,
        type: 'token.issued',
        payload: { registrationId: uuidv7(), operatorId: 'clerk.benthanh', tokenSerial: '!' },
      }),
    ).rejects.toMatchObject({ code: 'DK_ERR_EVENT_INVALID' });
    expect(await pendingCount(db)).toBe(0);
  });

  it('keeps one key per registration across versions, and forgets it when a finished registration leaves', async () => {
    const at = '2026-11-22T02:00:00.000Z';
    const waiting = view(1, at);
    await pullRegistrations(db, sealer, device, { fetch: fakeServer([waiting]).fetchFn, now: () => new Date(at) });
    const [first] = await db.registrations.toArray();
    const completedAt = '2026-11-22T02:20:00.000Z';
    const done = { ...waiting, status: 'completed' as const, completedAt, outcome: 'token-issued' as const, version: 4 };
    await mergeRegistrations(db, sealer, [done], new Date(completedAt));
    const [second] = await db.registrations.toArray();
    expect(second?.sealed.keyId).toBe(first?.sealed.keyId);
    expect(second?.finishedAt).toBe(completedAt);
    expect(keys.size).toBe(1);
    // Not yet: a finished registration stays a little while (a receipt to reprint).
    expect(await purgeFinished(db, sealer, new Date(Date.parse(completedAt) + FINISHED_KEPT_MS - 1_000))).toBe(0);
    // A local event about it still waiting to sync keeps it too.
    await appendEvent(db, sealer, {
      deviceId: device.deviceId,
      type: 'registration.cancelled',
      payload: { registrationId: done.registrationId, operatorId: 'clerk.benthanh', reason: 'citizen-left' },
    });
    const later = new Date(Date.parse(completedAt) + FINISHED_KEPT_MS + 1_000);
    expect(await purgeFinished(db, sealer, later)).toBe(0);
    await pushBatch(db, sealer, device, { fetch: fakeServer([]).fetchFn });
    expect(await purgeFinished(db, sealer, later)).toBe(1);
    expect(await db.registrations.count()).toBe(0);
    expect(keys.size).toBe(0);
    await expect(sealer.open(second!.sealed)).rejects.toMatchObject({ code: 'DK_ERR_ROW_KEY_FORGOTTEN' });
  });

  it('does not store a registration that finished long ago; after the last page keeps the sync time and lets finished ones go', async () => {
    const old = view(1, '2026-11-20T02:00:00.000Z', { status: 'completed', completedAt: '2026-11-20T02:30:00.000Z', version: 3 });
    const waiting = view(2, '2026-11-21T02:00:00.000Z');
    const now = () => new Date('2026-11-22T01:00:00.000Z');
    await pullRegistrations(db, sealer, device, { fetch: fakeServer([old, waiting]).fetchFn, now });
    expect((await db.registrations.toArray()).map((r) => r.ticketNumber)).toEqual(['A-002']);
    expect(keys.size).toBe(1);
    expect(await readSetting(db, 'lastSyncedAt')).toBe('2026-11-22T01:00:00.000Z');
  });
});
