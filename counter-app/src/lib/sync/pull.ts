import { deviceAuthorization, pullResponse, routes, STAFF_SESSION_HEADER } from '@dangky/core/protocol';
import type { PullOutcome } from '@dangky/core/sync';
import { readSetting, requestJson, writeSetting, type DeviceCredentials, type Sealer } from '@dangky/web';
import type { CounterDb } from '../db/counter-db.ts';
import { mergeRegistrations, purgeFinished } from '../queue/registration-store.ts';

/**
 * One page of the site's registrations changed since the stored cursor — the counter's pull, as
 * the sync machine asks for it (the next page at once while the server has more). The cursor is
 * saved only after its page is stored, so an interrupted pull resumes where it stopped and never
 * skips a change. After the last page the time is kept for the indicator and registrations
 * finished a while ago leave the device (registration-store.ts). The pull carries the session
 * of the staff member signed in on this counter (`staffSession`): without one the server sends
 * no citizen's data, and the sync machine does not ask.
 */
export const PULL_PAGE = 500;

export async function pullPage(
  db: CounterDb,
  sealer: Sealer,
  device: DeviceCredentials,
  options: { fetch?: typeof fetch; now?: () => Date; staffSession?: string | null } = {},
): Promise<PullOutcome> {
  const cursor = await readSetting(db, 'cursor');
  const answer = await requestJson(device.server, routes.pull, pullResponse, {
    authorization: deviceAuthorization(device.deviceId, device.deviceSecret),
    ...(options.staffSession ? { headers: { [STAFF_SESSION_HEADER]: options.staffSession } } : {}),
    query: { cursor, limit: PULL_PAGE },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const now = options.now?.() ?? new Date();
  await mergeRegistrations(db, sealer, answer.registrations, now);
  await writeSetting(db, 'cursor', answer.cursor);
  const at = now.toISOString();
  if (!answer.hasMore) {
    await writeSetting(db, 'lastSyncedAt', at);
    await purgeFinished(db, sealer, now);
  }
  return { received: answer.registrations.length, hasMore: answer.hasMore, at };
}
