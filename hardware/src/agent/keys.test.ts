import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentClient, type AgentClient } from '@dangky/core/agent';
import { openKeyStore, type KeyStore } from '../keys/key-store.ts';
import { keyHandlers } from './handlers.ts';
import { startAgent, type RunningAgent } from './server.ts';
import { ORIGIN, SECRET, rawSocket, wsFrom } from './test-helpers.ts';

/** The real agent with its key store on disk, reached by the page's client over a real socket. */

let dir: string;
const cleanups: (() => Promise<unknown> | void)[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-agent-keys-'));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function agentWithStore(stationId = 'kiosk-1'): Promise<{ agent: RunningAgent; store: KeyStore }> {
  const store = await openKeyStore(join(dir, 'keys'), stationId);
  const agent = await startAgent({
    port: 0,
    stationId,
    origins: [ORIGIN],
    pairingSecret: SECRET,
    vault: store.vault,
    devices: [],
    handlers: keyHandlers(store.rows),
  });
  cleanups.push(
    () => store.close(),
    () => agent.close(),
  );
  return { agent, store };
}

function page(agent: RunningAgent, credential: { pairingSecret: string } | { sealedPairing: string }, seen: string[] = []): AgentClient {
  const client = createAgentClient({
    url: agent.url,
    ...credential,
    onSealedPairing: (sealed) => seen.push(sealed),
    client: 'test',
    WebSocketImpl: wsFrom(ORIGIN),
    retryMs: 50,
    maxRetryMs: 100,
  });
  cleanups.push(() => client.close());
  return client;
}

const holder = randomBytes(16).toString('base64url');

describe('agent key store', () => {
  it('hands the page its pairing secret sealed, and accepts the sealed form in place of the secret', async () => {
    const { agent } = await agentWithStore();
    const seen: string[] = [];
    const first = page(agent, { pairingSecret: SECRET }, seen);
    await first.request('devices.list', {});
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(SECRET);
    const later = page(agent, { sealedPairing: seen[0]! });
    expect((await later.request('devices.list', {})).devices).toEqual([]);
  });

  it('refuses a sealed pairing from another station or altered (4401)', async () => {
    const { agent } = await agentWithStore('kiosk-1');
    const other = await openKeyStore(join(dir, 'other-keys'), 'kiosk-2');
    cleanups.push(() => other.close());
    for (const sealed of [other.vault.seal(SECRET), `${other.vault.seal(SECRET).slice(0, -2)}AA`]) {
      const raw = rawSocket(agent.url);
      await raw.opened;
      raw.send({ type: 'hello', protocol: 1, sealedPairing: sealed, client: 'test' });
      expect(await raw.closed).toBe(4401);
    }
    const raw = rawSocket(agent.url);
    await raw.opened;
    raw.send({ type: 'hello', protocol: 1, pairingSecret: SECRET, sealedPairing: other.vault.seal(SECRET), client: 'test' });
    expect(await raw.closed).toBe(4401);
  });

  it('makes, returns, lists and forgets row keys; a forgotten key is gone from the file and from later answers', async () => {
    const { agent } = await agentWithStore();
    const client = page(agent, { pairingSecret: SECRET });
    const { keys } = await client.request('keys.create', { holder, count: 3 });
    expect(keys).toHaveLength(3);
    const ids = keys.map((k) => k.keyId);
    expect((await client.request('keys.get', { holder, keyIds: ids })).keys).toEqual(keys);
    const file = () => readFileSync(join(dir, 'keys', 'row-keys.bin'));
    const raw = Buffer.from(keys[0]!.key, 'base64url');
    expect(file().includes(raw)).toBe(true);
    expect(await client.request('keys.forget', { holder, keyIds: [ids[0]!] })).toEqual({ forgotten: 1 });
    expect(file().includes(raw)).toBe(false);
    expect((await client.request('keys.get', { holder, keyIds: ids })).keys.map((k) => k.keyId)).toEqual(ids.slice(1));
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await client.request('keys.list', { holder, createdBefore: later, limit: 10 })).keyIds.sort()).toEqual(ids.slice(1).sort());
    expect(await client.request('keys.forget-all', { holder })).toEqual({ forgotten: 2 });
    expect((await client.request('keys.get', { holder, keyIds: ids })).keys).toEqual([]);
  });

  it('keeps the keys across an agent restart', async () => {
    const first = await agentWithStore();
    const { keys } = await page(first.agent, { pairingSecret: SECRET }).request('keys.create', { holder, count: 2 });
    await first.agent.close();
    await first.store.close();
    const { agent } = await agentWithStore();
    const back = await page(agent, { pairingSecret: SECRET }).request('keys.get', { holder, keyIds: keys.map((k) => k.keyId) });
    expect(back.keys).toEqual(keys);
  });

  it('without a key store, keys are not served and welcome carries no sealed pairing', async () => {
    const agent = await startAgent({ port: 0, stationId: 'kiosk-1', origins: [ORIGIN], pairingSecret: SECRET, devices: [] });
    cleanups.push(() => agent.close());
    const raw = rawSocket(agent.url);
    const welcome = (await raw.hello()) as Record<string, unknown>;
    expect(welcome.sealedPairing).toBeUndefined();
    raw.ws.close();
    await expect(page(agent, { pairingSecret: SECRET }).request('keys.create', { holder, count: 1 })).rejects.toMatchObject({
      code: 'DK_ERR_AGENT_NO_DEVICE',
    });
  });
});
