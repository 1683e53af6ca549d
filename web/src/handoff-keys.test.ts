import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { generateSiteKey, importSitePrivateKey, openRegistration, sealRegistration } from '@dangky/core/handoff';
import { typicalHandoff } from '@dangky/core/testing';
import { DeviceDb } from './device-db.ts';
import { openingSiteKeys, sealingSiteKey, storeHandoffKeys } from './handoff-keys.ts';
import { rowKeysInMemory, type MemoryRowKeys } from './row-keys-memory.ts';
import { sealerFor, type Sealer } from './sealer.ts';
import { keyIdsInUse } from './sweep-keys.ts';

/** A counter's ticket-opening keys are kept sealed under a row key the agent holds, never as key material in IndexedDB. */

let db: DeviceDb;
let keys: MemoryRowKeys;
let sealer: Sealer;
beforeEach(() => {
  db = new DeviceDb(`web-handoff-${Math.random()}`);
  keys = rowKeysInMemory();
  sealer = sealerFor(keys);
});
afterEach(() => db.delete());

const now = new Date('2026-12-05T10:00:00+07:00');
const { siteId } = typicalHandoff.draft;
const open = (text: string, held: Awaited<ReturnType<typeof openingSiteKeys>>) => openRegistration(text, { siteId, keys: held, now });

/** Everything IndexedDB holds, as a copy of the profile would: no CryptoKey, no key text. */
async function dump(): Promise<{ cryptoKeys: number; text: string }> {
  let cryptoKeys = 0;
  const rows: unknown[] = [];
  for (const table of db.tables) rows.push(...(await table.toArray()));
  const text = JSON.stringify(rows, (_k, v: unknown) => {
    if (v instanceof CryptoKey) cryptoKeys++;
    return v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Buffer.from(v as Uint8Array).toString('base64url') : v;
  });
  return { cryptoKeys, text };
}

describe('hand-off keys at rest', () => {
  it('keeps the private halves sealed under one agent-held key, and opens tickets with them', async () => {
    const site = await generateSiteKey();
    await storeHandoffKeys(db, sealer, { siteId, seal: site, open: [site] });
    const { cryptoKeys, text } = await dump();
    expect(cryptoKeys).toBe(0);
    expect(text).not.toContain(site.privateKey);
    expect(text).not.toContain(site.privateKey.slice(0, 40));
    expect(keys.size).toBe(1);
    // The sweep sees the sealed row, so it never forgets its key.
    expect((await keyIdsInUse(db)).size).toBe(1);
    expect(await sealingSiteKey(db)).toEqual({ kid: site.kid, publicKey: site.publicKey });
    const ticket = await sealRegistration(typicalHandoff, site);
    expect((await open(ticket, await openingSiteKeys(db, sealer))).draft.registrationId).toBe(typicalHandoff.draft.registrationId);

    // A refresh (every reconnection) keeps the one row key; a rotation replaces the keys held.
    const next = await generateSiteKey();
    await storeHandoffKeys(db, sealer, { siteId, seal: next, open: [next, site] });
    expect(keys.size).toBe(1);
    expect((await openingSiteKeys(db, sealer)).map((k) => k.kid)).toEqual([next.kid, site.kid]);
  });

  it('opens nothing once the agent no longer holds the row key (a wiped counter, a copied profile)', async () => {
    const site = await generateSiteKey();
    await storeHandoffKeys(db, sealer, { siteId, seal: site, open: [site] });
    await keys.forgetAll();
    expect(await openingSiteKeys(db, sealer)).toEqual([]);
    await expect(open(await sealRegistration(typicalHandoff, site), await openingSiteKeys(db, sealer))).rejects.toMatchObject({
      code: 'DK_ERR_HANDOFF_NO_KEY',
    });
  });

  it('says the key store is unavailable rather than "no key" when the agent cannot be asked', async () => {
    const site = await generateSiteKey();
    await storeHandoffKeys(db, sealer, { siteId, seal: site, open: [site] });
    const unreachable = sealerFor({ ...keys, get: () => Promise.reject(new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE')) });
    await expect(openingSiteKeys(db, unreachable)).rejects.toMatchObject({ code: 'DK_ERR_KEY_STORE_UNAVAILABLE' });
  });

  it('a kiosk (public half only) keeps no private half and no row key; an earlier build’s plain keys are deleted', async () => {
    const site = await generateSiteKey();
    await db.keys.put({ id: `handoff:${site.kid}`, key: (await importSitePrivateKey(site)) as CryptoKey });
    await storeHandoffKeys(db, sealer, { siteId, seal: site, open: [site] });
    expect(await db.keys.count()).toBe(0);
    await storeHandoffKeys(db, sealer, { siteId, seal: site });
    expect(await openingSiteKeys(db, sealer)).toEqual([]);
    expect(keys.size).toBe(0);
    // Without a sealer the private halves are not kept at all.
    await storeHandoffKeys(db, null, { siteId, seal: site, open: [site] });
    expect(await openingSiteKeys(db, sealer)).toEqual([]);
    expect((await dump()).cryptoKeys).toBe(0);
  });
});
