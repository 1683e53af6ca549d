import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { DangkyError } from '@dangky/core/errors';
import type { PairingLink } from '@dangky/core/protocol';
import { DeviceDb } from './device-db.ts';
import { DEAD_LETTER_DAYS, expireDeadLetters } from './dead-letters.ts';
import { forgetLater, forgetQueued } from './forget-keys.ts';
import { readLegacyPairing, resealLegacyRows } from './legacy-sealing.ts';
import { appendEvent, pendingEvents } from './outbox.ts';
import { openStoredPairing, readStoredPairing, savePairing } from './pairing-store.ts';
import { rowKeysInMemory, type MemoryRowKeys } from './row-keys-memory.ts';
import type { RowKeys } from './row-keys.ts';
import { sealerFor, type Sealer } from './sealer.ts';
import { readSetting } from './settings.ts';
import { keyIdsInUse, sweepUnusedKeys } from './sweep-keys.ts';
import { reportAndWipe } from './wipe-device.ts';

/** Sealing with row keys kept outside the profile (here in memory; the agent in the journeys). */

const deviceId = 'counter-hcm-ben-thanh-1';
const called = () => ({ registrationId: uuidv7(), counterId: 'counter-1', operatorId: 'clerk.benthanh' });
const link: PairingLink = {
  server: 'http://server.test',
  deviceId,
  deviceSecret: 'device-secret-0123456789abcdef',
  agentUrl: 'ws://127.0.0.1:4111',
  agentSecret: 'agent-secret-0123456789abcdef',
  siteId: 'hcm-ben-thanh',
  siteName: 'UBND phường Bến Thành',
};
const SEALED_PAIRING = 'A'.repeat(80);

/** Row keys whose agent is down: every call fails as the agent-backed keys fail. */
const down = (keys: RowKeys): RowKeys & { up: boolean } => {
  const refuse = () => Promise.reject(new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE'));
  const wrapped = {
    up: false,
    create: (n: number) => (wrapped.up ? keys.create(n) : refuse()),
    get: (ids: readonly string[]) => (wrapped.up ? keys.get(ids) : refuse()),
    forget: (ids: readonly string[]) => (wrapped.up ? keys.forget(ids) : refuse()),
    forgetAll: () => (wrapped.up ? keys.forgetAll() : refuse()),
    list: (before: Date) => (wrapped.up ? keys.list(before) : refuse()),
  };
  return wrapped;
};

let db: DeviceDb;
let keys: MemoryRowKeys;
let sealer: Sealer;
beforeEach(() => {
  db = new DeviceDb(`web-sealing-${Math.random()}`);
  keys = rowKeysInMemory();
  sealer = sealerFor(keys);
});
afterEach(() => db.delete());

describe('row sealing', () => {
  it('gives each row its own key; a forgotten key leaves the row shut with its own code', async () => {
    const a = await sealer.seal({ fullName: 'Nguyễn Văn Canary' });
    const b = await sealer.seal({ fullName: 'Trần Thị Canary' });
    expect(a.keyId).not.toBe(b.keyId);
    await keys.forget([a.keyId]);
    await expect(sealer.open(a)).rejects.toMatchObject({ code: 'DK_ERR_ROW_KEY_FORGOTTEN' });
    expect(await sealer.open(b)).toEqual({ fullName: 'Trần Thị Canary' });
    // Sealed again under the same key (a newer version of the same row).
    const b2 = await sealer.seal({ fullName: 'Trần Thị Canary', v: 2 }, { keyId: b.keyId });
    expect(b2.keyId).toBe(b.keyId);
    await keys.forget([b.keyId]);
    await expect(sealer.open(b2)).rejects.toMatchObject({ code: 'DK_ERR_ROW_KEY_FORGOTTEN' });
  });

  it('an outbox row whose key store is unreachable is not reported as a bad row', async () => {
    const flaky = down(keys);
    flaky.up = true;
    const s = sealerFor(flaky);
    await appendEvent(db, s, { deviceId, type: 'registration.called', payload: called() });
    flaky.up = false;
    await expect(pendingEvents(db, s)).rejects.toMatchObject({ code: 'DK_ERR_KEY_STORE_UNAVAILABLE' });
    flaky.up = true;
    expect(await pendingEvents(db, s)).toHaveLength(1);
  });
});

describe('forgetting keys', () => {
  it('keeps the keys of deleted rows queued until the agent confirms', async () => {
    const flaky = down(keys);
    flaky.up = true;
    const s = sealerFor(flaky);
    const a = await s.seal({ x: 1 });
    await db.transaction('rw', db.settings, () => forgetLater(db, [a.keyId]));
    flaky.up = false;
    await expect(forgetQueued(db, s)).rejects.toMatchObject({ code: 'DK_ERR_KEY_STORE_UNAVAILABLE' });
    expect(await readSetting(db, 'keysToForget')).toEqual([a.keyId]);
    flaky.up = true;
    expect(await forgetQueued(db, s)).toBe(1);
    expect(await readSetting(db, 'keysToForget')).toEqual([]);
    expect(keys.size).toBe(0);
  });

  it('sweeps keys no row names, but not those made after the page started', async () => {
    const kept = await appendEvent(db, sealer, { deviceId, type: 'registration.called', payload: called() });
    const orphan = await sealer.seal({ x: 'written by a page that crashed before storing it' });
    await new Promise((r) => setTimeout(r, 5));
    const startedAt = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    const fresh = await sealer.seal({ x: 'another tab, right now' });
    const inUse = await keyIdsInUse(db);
    expect(inUse.size).toBe(1);
    expect(await sweepUnusedKeys(db, sealer, startedAt)).toBe(1);
    await expect(sealer.open(orphan)).rejects.toMatchObject({ code: 'DK_ERR_ROW_KEY_FORGOTTEN' });
    expect(await sealer.open(fresh)).toEqual({ x: 'another tab, right now' });
    expect(await pendingEvents(db, sealer)).toEqual([kept]);
  });

  it('expires dead letters after a week and forgets their keys', async () => {
    const now = new Date('2026-11-29T03:00:00.000Z');
    const old = await appendEvent(db, sealer, { deviceId, type: 'registration.called', payload: called() });
    const recent = await appendEvent(db, sealer, { deviceId, type: 'registration.called', payload: called() });
    const rows = await db.outbox.toArray();
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    await db.deadLetters.bulkPut([
      { ...rows[0]!, code: 'DK_ERR_X', rejectedAt: at(DEAD_LETTER_DAYS + 1) },
      { ...rows[1]!, code: 'DK_ERR_X', rejectedAt: at(1) },
    ]);
    await db.outbox.clear();
    expect(await expireDeadLetters(db, sealer, now)).toBe(1);
    expect((await db.deadLetters.toArray()).map((d) => d.id)).toEqual([recent.id]);
    await expect(sealer.open(rows[0]!.sealed)).rejects.toMatchObject({ code: 'DK_ERR_ROW_KEY_FORGOTTEN' });
    expect(old.id).toBe(rows[0]!.id);
  });
});

describe('pairing at rest', () => {
  it('keeps neither secret in a form the profile can read; the device secret opens through the row keys', async () => {
    await savePairing(db, sealer, link, SEALED_PAIRING);
    const stored = await readStoredPairing(db);
    const raw = JSON.stringify(await db.settings.toArray(), (_k, v: unknown) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v));
    expect(raw).not.toContain(link.deviceSecret);
    expect(raw).not.toContain(link.agentSecret);
    expect(stored?.public).toEqual({
      server: link.server,
      deviceId,
      agentUrl: link.agentUrl,
      siteId: link.siteId,
      siteName: link.siteName,
    });
    const opened = await openStoredPairing(stored!, sealer);
    expect(opened.deviceSecret).toBe(link.deviceSecret);
    expect(opened.agentSecret).toBeUndefined();
    await expect(openStoredPairing(stored!, sealerFor(rowKeysInMemory()))).rejects.toMatchObject({ code: 'DK_ERR_STORED_ROW_INVALID' });
  });

  it('re-pairing forgets the previous pairing’s key', async () => {
    await savePairing(db, sealer, link, SEALED_PAIRING);
    const first = (await readStoredPairing(db))!.secrets.keyId;
    await savePairing(db, sealer, { ...link, deviceSecret: 'device-secret-second-0123456789' }, SEALED_PAIRING);
    expect(await forgetQueued(db, sealer)).toBe(1);
    expect((await keys.get([first])).size).toBe(0);
  });

  it('refuses to keep a pairing that names no agent (nothing would seal its secrets)', async () => {
    const { agentUrl: _a, agentSecret: _s, ...noAgent } = link;
    await expect(savePairing(db, sealer, noAgent, SEALED_PAIRING)).rejects.toMatchObject({ code: 'DK_ERR_KEY_STORE_UNAVAILABLE' });
  });
});

describe('a device no longer enrolled', () => {
  const source = { appVersion: 'kiosk 1', hardware: () => [] };
  /** The server's answer to a revoked device: 401 with its code, after recording the report it was sent. */
  const revokedServer = () => {
    const sent: unknown[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      sent.push(JSON.parse(String(init.body)));
      return new Response(JSON.stringify({ error: { code: 'DK_ERR_DEVICE_REVOKED', message: 'revoked' } }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    }) as typeof globalThis.fetch;
    return { fetch, sent };
  };

  it('reports what it holds, then forgets every key and empties every table (the holder id and the counts stay)', async () => {
    await savePairing(db, sealer, link, SEALED_PAIRING);
    await appendEvent(db, sealer, { deviceId, type: 'registration.called', payload: called() });
    await appendEvent(db, sealer, { deviceId, type: 'registration.called', payload: called() });
    const row = (await db.outbox.toArray())[0]!;
    await db.settings.put({ key: 'rowKeyHolder', value: 'h'.repeat(22) });
    const server = revokedServer();
    const at = new Date('2026-03-02T03:00:00.000Z');
    const note = await reportAndWipe(db, sealer, link, source, { fetch: server.fetch, now: () => at });
    expect(server.sent).toEqual([{ deviceId, events: [], report: expect.objectContaining({ pending: 2, deadLetters: 0 }) }]);
    expect(note).toEqual({ at: at.toISOString(), deviceId, pending: 2, deadLetters: 0 });
    expect(keys.size).toBe(0);
    for (const table of db.tables) expect(await table.count(), table.name).toBe(table.name === 'settings' ? 3 : 0);
    expect(await readSetting(db, 'wiped')).toEqual(note);
    expect(await readSetting(db, 'station')).toEqual({ agentUrl: link.agentUrl, sealedPairing: SEALED_PAIRING });
    expect(await readStoredPairing(db)).toBeNull();
    await expect(sealer.open(row.sealed)).rejects.toMatchObject({ code: 'DK_ERR_ROW_KEY_FORGOTTEN' });
  });

  it('wipes nothing while the report cannot reach the server (the next sync tries again)', async () => {
    await savePairing(db, sealer, link, SEALED_PAIRING);
    await appendEvent(db, sealer, { deviceId, type: 'registration.called', payload: called() });
    const offline = (() => Promise.reject(new TypeError('offline'))) as unknown as typeof globalThis.fetch;
    await expect(reportAndWipe(db, sealer, link, source, { fetch: offline })).rejects.toMatchObject({ code: 'DK_ERR_NETWORK' });
    expect(await db.outbox.count()).toBe(1);
    expect(await pendingEvents(db, sealer, 10)).toHaveLength(1);
    expect(await readSetting(db, 'wiped')).toBeUndefined();
  });
});

describe('data of an older build (one key kept in the profile)', () => {
  it('reads its pairing back as a link and seals its rows again under row keys, then deletes the old key', async () => {
    const legacyKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const sealV1 = async (value: unknown) => {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, legacyKey, new TextEncoder().encode(JSON.stringify(value)));
      return { v: 1, iv, data };
    };
    await db.keys.put({ id: 'at-rest', key: legacyKey });
    const { deviceSecret, agentSecret, ...pub } = link;
    await db.settings.put({ key: 'pairing', value: { public: pub, sealed: await sealV1({ deviceSecret, agentSecret }) } });
    const payload = called();
    const id = uuidv7();
    await db.outbox.add({
      seq: 1,
      id,
      deviceId,
      registrationId: payload.registrationId,
      type: 'registration.called',
      occurredAt: '2026-11-29T02:00:00.000Z',
      sealed: (await sealV1(payload)) as never,
    });
    expect(await readLegacyPairing(db)).toEqual(link);
    expect(await resealLegacyRows(db, sealer)).toBe(1);
    expect(await db.keys.count()).toBe(0);
    expect((await pendingEvents(db, sealer))[0]).toMatchObject({ id, payload });
    expect(await readLegacyPairing(db)).toBeNull();
  });
});
