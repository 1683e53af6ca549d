import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { DeviceDb } from './device-db.ts';
import { enrolWithCode } from './enrol-from-location.ts';
import { appendEvent, pendingCount } from './outbox.ts';
import { openStoredPairing, readStoredPairing, savePairing } from './pairing-store.ts';
import { pushBatch } from './push-batch.ts';
import { readSetting, writeSetting } from './settings.ts';
import { rowKeysInMemory } from './row-keys-memory.ts';
import { sealerFor, type Sealer } from './sealer.ts';

const device = { server: 'http://server.test', deviceId: 'counter-hcm-ben-thanh-1', deviceSecret: 's'.repeat(32) };
const report = { appVersion: 'counter 1', hardware: () => [{ kind: 'printer' as const, state: 'error' as const, errorCode: 'DK_ERR_X' }] };

/** A server that answers every push and enrolment, and remembers what it was sent. */
function fakeServer(serverTime: () => string) {
  const bodies: { url: string; body: { events?: { id: string }[]; report?: unknown; code?: string } }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    bodies.push({ url, body });
    const answer = url.endsWith('/v1/enrol')
      ? {
          deviceId: 'counter-hcm-book-fair-2',
          deviceSecret: 'n'.repeat(43),
          siteId: 'hcm-book-fair',
          siteName: 'Hội sách',
          kind: 'counter',
          ticketPrefix: null,
        }
      : {
          results: (body.events ?? []).map((e: { id: string }) => ({ id: e.id, status: 'accepted' })),
          missingSeqs: [],
          serverTime: serverTime(),
        };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, bodies };
}

const called = () => ({ registrationId: uuidv7(), operatorId: 'clerk.benthanh', counterId: 'q1' });

let db: DeviceDb;
let sealer: Sealer;
beforeEach(async () => {
  db = new DeviceDb(`web-report-${Math.random()}`);
  sealer = sealerFor(rowKeysInMemory());
});
afterEach(() => db.delete());

describe('the device report on pushes', () => {
  it('rides on every push, and an empty outbox pushes it alone once a minute', async () => {
    let clock = new Date('2026-03-02T03:00:00.000Z');
    const server = fakeServer(() => clock.toISOString());
    const push = () => pushBatch(db, sealer, device, { fetch: server.fetch, report, now: () => clock });
    const event = await appendEvent(db, sealer, { deviceId: device.deviceId, type: 'registration.called', payload: called(), now: clock });
    await appendEvent(db, sealer, { deviceId: device.deviceId, type: 'registration.called', payload: called(), now: clock });
    await push();
    expect(server.bodies[0]!.body.report).toEqual({
      appVersion: 'counter 1',
      pending: 2,
      oldestPendingAt: event.occurredAt,
      deadLetters: 0,
      // The device's clock, so the server sees how far off it is.
      sentAt: clock.toISOString(),
      hardware: [{ kind: 'printer', state: 'error', errorCode: 'DK_ERR_X' }],
    });
    expect(await pendingCount(db)).toBe(0);

    clock = new Date(clock.getTime() + 30_000);
    expect(await push()).toMatchObject({ sent: 0 });
    expect(server.bodies).toHaveLength(1);
    clock = new Date(clock.getTime() + 30_000);
    await push();
    expect(server.bodies).toHaveLength(2);
    expect(server.bodies[1]!.body).toMatchObject({ events: [], report: { pending: 0, oldestPendingAt: null } });
    expect(await readSetting(db, 'lastReportedAt')).toBe(clock.toISOString());
  });

  it('without a report source, an empty outbox sends nothing', async () => {
    const server = fakeServer(() => new Date().toISOString());
    await pushBatch(db, sealer, device, { fetch: server.fetch });
    expect(server.bodies).toEqual([]);
  });
});

describe('enrolment by code', () => {
  const agent = { agentUrl: 'ws://127.0.0.1:4111', sealedPairing: 'A'.repeat(80) };
  const code = { server: 'http://server.test', code: 'ABCD-EFGH-JK' };

  it('keeps the device secret sealed with the station agent, and starts the new device its own counters', async () => {
    await savePairing(
      db,
      sealer,
      { ...device, siteId: 'hcm-ben-thanh', siteName: 'Bến Thành', ...agent, agentSecret: 'a'.repeat(32) },
      agent.sealedPairing,
    );
    await writeSetting(db, 'deviceSeq', 7);
    const server = fakeServer(() => new Date().toISOString());
    const pairing = await enrolWithCode(db, sealer, code, agent, { fetch: server.fetch });
    expect(server.bodies[0]!.body).toEqual({ code: 'ABCD-EFGH-JK' });
    expect(pairing).toMatchObject({ deviceId: 'counter-hcm-book-fair-2', siteId: 'hcm-book-fair', agentUrl: agent.agentUrl });
    const stored = (await readStoredPairing(db))!;
    expect(stored.sealedPairing).toBe(agent.sealedPairing);
    expect(JSON.stringify(stored)).not.toContain('n'.repeat(43));
    expect(await openStoredPairing(stored, sealer)).toEqual(pairing);
    expect(await readSetting(db, 'deviceSeq')).toBeUndefined();
  });

  it('does not redeem the code while a previous device still has events the server has not received', async () => {
    await savePairing(
      db,
      sealer,
      { ...device, siteId: 'hcm-ben-thanh', siteName: 'Bến Thành', ...agent, agentSecret: 'a'.repeat(32) },
      agent.sealedPairing,
    );
    await appendEvent(db, sealer, { deviceId: device.deviceId, type: 'registration.called', payload: called() });
    const server = fakeServer(() => new Date().toISOString());
    await expect(enrolWithCode(db, sealer, code, agent, { fetch: server.fetch })).rejects.toMatchObject({
      code: 'DK_ERR_ENROL_OUTBOX_PENDING',
    });
    expect(server.bodies).toEqual([]);
    expect((await readStoredPairing(db))!.public.deviceId).toBe(device.deviceId);
    expect(await pendingCount(db)).toBe(1);
  });
});
