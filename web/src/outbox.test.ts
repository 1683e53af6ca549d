import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { CONSENT_TEXT_VERSION } from '@dangky/core/reference';
import { DeviceDb } from './device-db.ts';
import { appendEvent, pendingCount, pendingEvents } from './outbox.ts';
import { pushBatch } from './push-batch.ts';
import { rowKeysInMemory, type MemoryRowKeys } from './row-keys-memory.ts';
import { sealerFor, type Sealer } from './sealer.ts';

const deviceId = 'kiosk-hcm-ben-thanh-1';
const device = { server: 'http://server.test', deviceId, deviceSecret: 's'.repeat(32) };
const submitted = () => {
  const registrationId = uuidv7();
  return {
    registrationId,
    siteId: 'hcm-ben-thanh',
    service: { kind: 'eid-level2' as const },
    identity: {
      idNumber: '079190012345',
      fullName: 'Trần Thị Bí Mật',
      birthDate: '1990-05-17',
      sex: 'F' as const,
      address: 'Số 9 Đường Thử',
      source: 'manual' as const,
      assurance: 'declared' as const,
    },
    contact: { phone: '0912345678' },
    consent: {
      given: true as const,
      textVersion: CONSENT_TEXT_VERSION,
      purposes: ['registration' as const],
      at: '2026-11-29T02:00:00.000Z',
    },
    ticket: { number: 'A-001', day: '2026-11-29' },
    language: 'vi' as const,
  };
};

let db: DeviceDb;
let keys: MemoryRowKeys;
let sealer: Sealer;
beforeEach(async () => {
  db = new DeviceDb(`web-test-${Math.random()}`);
  keys = rowKeysInMemory();
  sealer = sealerFor(keys);
});
afterEach(() => db.delete());

describe('outbox', () => {
  it('numbers events 1, 2, 3 … and keeps the citizen sealed at rest', async () => {
    const a = await appendEvent(db, sealer, { deviceId, type: 'registration.submitted', payload: submitted() });
    const b = await appendEvent(db, sealer, { deviceId, type: 'registration.submitted', payload: submitted() });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    const rows = await db.outbox.toArray();
    const raw = JSON.stringify(rows, (_k, v) => (v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v));
    expect(raw).not.toContain('Bí Mật');
    expect(raw).not.toContain('0912345678');
    expect(await pendingEvents(db, sealer)).toEqual([a, b]);
  });

  it('refuses an invalid event before storing anything', async () => {
    await expect(
      appendEvent(db, sealer, { deviceId, type: 'registration.submitted', payload: { ...submitted(), contact: { phone: '123' } } }),
    ).rejects.toMatchObject({
      code: 'DK_ERR_EVENT_INVALID',
    });
    expect(await pendingCount(db)).toBe(0);
  });

  it('reports a row whose key another key store does not hold as a stored-row error, not as data', async () => {
    await appendEvent(db, sealer, { deviceId, type: 'registration.submitted', payload: submitted() });
    await expect(pendingEvents(db, sealerFor(rowKeysInMemory()))).rejects.toMatchObject({ code: 'DK_ERR_STORED_ROW_INVALID' });
  });

  it('removes accepted and duplicate events after a push, dead-letters a rejected one, keeps all when offline', async () => {
    const events = [];
    for (let i = 0; i < 3; i++)
      events.push(await appendEvent(db, sealer, { deviceId, type: 'registration.submitted', payload: submitted() }));
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(pushBatch(db, sealer, device, { fetch: offline })).rejects.toMatchObject({ code: 'DK_ERR_NETWORK' });
    expect(await pendingCount(db)).toBe(3);
    const statuses = ['accepted', 'duplicate', 'rejected'];
    const server: typeof fetch = async (_url, init) => {
      const body = JSON.parse(String(init?.body)) as { events: { id: string; seq: number }[] };
      expect(body.events.map((e) => e.seq)).toEqual([1, 2, 3]);
      return Response.json({
        results: body.events.map((e, i) =>
          statuses[i] === 'rejected'
            ? { id: e.id, status: 'rejected', code: 'DK_ERR_DUPLICATE_TICKET', message: 'x' }
            : { id: e.id, status: statuses[i] },
        ),
        missingSeqs: [],
        serverTime: '2026-11-29T03:00:00.000Z',
      });
    };
    expect(keys.size).toBe(3);
    expect(await pushBatch(db, sealer, device, { fetch: server })).toEqual({ sent: 3, remaining: 0, at: '2026-11-29T03:00:00.000Z' });
    const [dead] = await db.deadLetters.toArray();
    expect([dead?.id, dead?.code]).toEqual([events[2]!.id, 'DK_ERR_DUPLICATE_TICKET']);
    // Acknowledged: their keys are gone; the dead letter still opens for the technician.
    expect(keys.size).toBe(1);
    expect((await keys.get([dead!.sealed.keyId])).size).toBe(1);
  });
});

describe('adoptServerCounters', () => {
  const device = (lastSeq: number, day: string, seq: number) => ({
    id: deviceId,
    siteId: 'hcm-ben-thanh',
    kind: 'kiosk' as const,
    ticketPrefix: 'A',
    lastSeq,
    lastTicket: { day, seq },
  });

  it('continues after the server’s sequence and ticket on a wiped device, and never moves them back', async () => {
    const { adoptServerCounters } = await import('./device-counters.ts');
    const { readSetting } = await import('./settings.ts');
    await adoptServerCounters(db, device(41, '2026-11-29', 7));
    const e = await appendEvent(db, sealer, { deviceId, type: 'registration.submitted', payload: submitted() });
    expect(e.seq).toBe(42);
    expect(await readSetting(db, 'ticketCounter')).toEqual({ day: '2026-11-29', seq: 7 });
    await adoptServerCounters(db, device(3, '2026-11-29', 2));
    expect(await readSetting(db, 'deviceSeq')).toBe(42);
    expect(await readSetting(db, 'ticketCounter')).toEqual({ day: '2026-11-29', seq: 7 });
    // A new day on the server replaces yesterday's local counter.
    await adoptServerCounters(db, device(42, '2026-11-30', 1));
    expect(await readSetting(db, 'ticketCounter')).toEqual({ day: '2026-11-30', seq: 1 });
  });
});
