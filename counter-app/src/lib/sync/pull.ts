import { deviceAuthorization, pullResponse, routes } from '@dangky/core/protocol';
import type { CounterDb } from '../db/counter-db.ts';
import type { Sealer } from '@dangky/web';
import { readSetting, writeSetting, type DeviceCredentials } from '@dangky/web';
import { requestJson } from '@dangky/web';
import { mergeRegistrations } from '../queue/registration-store.ts';

/**
 * Pull the site's registrations changed since the stored cursor, page by page, merging each
 * page before asking for the next — the cursor is saved only after its page is stored, so an
 * interrupted pull resumes where it stopped and never skips a change.
 */
export const PULL_PAGE = 500;
/** Safety bound on pages per pull; the next poll continues. */
const MAX_PAGES = 20;

export async function pullRegistrations(
  db: CounterDb,
  sealer: Sealer,
  device: DeviceCredentials,
  options: { fetch?: typeof fetch } = {},
): Promise<{ received: number; at: string }> {
  let received = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const cursor = await readSetting(db, 'cursor');
    const answer = await requestJson(device.server, routes.pull, pullResponse, {
      authorization: deviceAuthorization(device.deviceId, device.deviceSecret),
      query: { cursor, limit: PULL_PAGE },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    await mergeRegistrations(db, sealer, answer.registrations);
    await writeSetting(db, 'cursor', answer.cursor);
    received += answer.registrations.length;
    if (!answer.hasMore) break;
  }
  return { received, at: new Date().toISOString() };
}
