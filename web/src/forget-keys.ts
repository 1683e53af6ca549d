import type { DeviceDb } from './device-db.ts';
import type { Sealer } from './sealer.ts';
import { readSetting, writeSetting } from './settings.ts';

/**
 * Forgetting the keys of deleted rows, so that no crash or agent outage leaves a deleted row
 * openable: the row's key id is queued in `settings` in the same transaction that deletes the
 * row (`forgetLater`), and the queue is sent to the agent after it commits (`forgetQueued`),
 * and again on every later sync and start until the agent confirms.
 */
export async function forgetLater(db: DeviceDb, keyIds: readonly string[]): Promise<void> {
  if (keyIds.length === 0) return;
  const queued = (await readSetting(db, 'keysToForget')) ?? [];
  await writeSetting(db, 'keysToForget', [...new Set([...queued, ...keyIds])]);
}

/** Sends the queue; what the agent confirmed leaves it. Rejects (queue kept) when the agent is unreachable. */
export async function forgetQueued(db: DeviceDb, sealer: Sealer): Promise<number> {
  const queued = (await readSetting(db, 'keysToForget')) ?? [];
  if (queued.length === 0) return 0;
  await sealer.keys.forget(queued);
  await db.transaction('rw', db.settings, async () => {
    const now = (await readSetting(db, 'keysToForget')) ?? [];
    const sent = new Set(queued);
    await writeSetting(
      db,
      'keysToForget',
      now.filter((id) => !sent.has(id)),
    );
  });
  return queued.length;
}
