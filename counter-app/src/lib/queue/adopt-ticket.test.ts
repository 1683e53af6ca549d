import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSiteKey, sealRegistration } from '@dangky/core/handoff';
import { typicalHandoff } from '@dangky/core/testing';
import { sealerFor, storeHandoffKeys, type Sealer } from '@dangky/web';
import { rowKeysInMemory } from '@dangky/web/testing';
import { CounterDb } from '../db/counter-db.ts';
import { adoptTicket } from './adopt-ticket.ts';
import { openQueue, readQueueRows } from './registration-store.ts';

let db: CounterDb;
let sealer: Sealer;
beforeEach(async () => {
  db = new CounterDb(`adopt-${Math.random()}`);
  sealer = sealerFor(rowKeysInMemory());
});
afterEach(() => db.delete());

const now = new Date('2026-12-05T10:00:00+07:00');
const siteId = typicalHandoff.draft.siteId;

/** The site's keys as the server delivers them to a counter, kept sealed as the counter keeps them. */
async function holdKey() {
  const key = await generateSiteKey();
  await storeHandoffKeys(db, sealer, { siteId, seal: key, open: [key] });
  return key;
}

describe('adopting a scanned ticket, offline', () => {
  it('puts the sealed registration in the queue as waiting, so the clerk can call and serve it', async () => {
    const key = await holdKey();
    const text = await sealRegistration(typicalHandoff, key);
    const state = await adoptTicket(db, sealer, text, { siteId, now });
    expect(state).toMatchObject({ registrationId: typicalHandoff.draft.registrationId, status: 'waiting', version: 1 });
    const queue = await openQueue(await readQueueRows(db), sealer);
    expect(queue.map((r) => [r.registrationId, r.status, r.draft.identity.fullName])).toEqual([
      [typicalHandoff.draft.registrationId, 'waiting', 'Nguyễn Thị Phương Thảo'],
    ]);
    // Stored sealed, like every registration on the counter.
    expect(JSON.stringify(await db.registrations.toArray())).not.toContain('079199012345');
  });

  it('refuses another site’s ticket and says so when the counter holds no key yet', async () => {
    const other = await generateSiteKey();
    const text = await sealRegistration(typicalHandoff, other);
    await expect(adoptTicket(db, sealer, text, { siteId, now })).rejects.toMatchObject({ code: 'DK_ERR_HANDOFF_NO_KEY' });
    await holdKey();
    await expect(adoptTicket(db, sealer, text, { siteId, now })).rejects.toMatchObject({ code: 'DK_ERR_HANDOFF_OTHER_SITE' });
    expect(await db.registrations.count()).toBe(0);
  });
});
