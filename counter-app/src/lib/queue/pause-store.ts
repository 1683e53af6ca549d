import { z } from 'zod';
import { errorCode, type ErrorCode } from '@dangky/core/errors';
import { counterPausesResponse, deviceAuthorization, routes, type PairingLink } from '@dangky/core/protocol';
import {
  afterPauseChange,
  counterPause,
  counterPauseChange,
  COUNTER_PAUSE_CHANGES_MAX,
  type CounterPause,
  type CounterPauseChange,
} from '@dangky/core/queue';
import { requestJson } from '@dangky/web';
import type { CounterDb } from '../db/counter-db.ts';

/**
 * Where the counter keeps its break (core's `counter-pause.ts`) in the device's settings: the
 * state the screen shows — which survives a reload and needs no server — and the changes the
 * server has not answered yet, oldest first. Ids, the clerk's account and times only, so it is
 * stored in clear like the serving marker. The device posts the changes before each push of its
 * outbox (`flushPauses`, the sync runner's `beforePush`), so they reach the server ahead of the
 * calls made after them. A change the server refused is its final word: the counter takes the
 * server's state and shows the refusal.
 */
const KEY = 'counterPause';

export const pauseRecord = z.object({
  pause: counterPause,
  pending: z.array(counterPauseChange),
  /** The server's refusal of the last change it refused, until the next change. */
  refused: errorCode.nullable().default(null),
});
export type PauseRecord = z.infer<typeof pauseRecord>;

const empty: PauseRecord = { pause: null, pending: [], refused: null };

export async function readPause(db: CounterDb): Promise<PauseRecord> {
  const row = await db.settings.get(KEY);
  const parsed = pauseRecord.safeParse(row?.value);
  return parsed.success ? parsed.data : empty;
}

/** A change made at this counter: its state at once, the change kept to be posted. */
export async function keepPauseChange(db: CounterDb, change: CounterPauseChange): Promise<CounterPause> {
  return db.transaction('rw', db.settings, async () => {
    const record = await readPause(db);
    const pause = afterPauseChange(change);
    await db.settings.put({ key: KEY, value: { pause, pending: [...record.pending, change], refused: null } satisfies PauseRecord });
    return pause;
  });
}

/**
 * Posts the changes the server has not answered (throws `DK_ERR_NETWORK` when it cannot be
 * reached: the push behind waits, and both are tried again). Each answered change leaves the
 * list; a change made meanwhile stays for the next post.
 */
export async function flushPauses(
  db: CounterDb,
  pairing: Pick<PairingLink, 'server' | 'deviceId' | 'deviceSecret'>,
  options: { fetch?: typeof fetch } = {},
): Promise<void> {
  const { pending } = await readPause(db);
  if (pending.length === 0) return;
  const sent = pending.slice(0, COUNTER_PAUSE_CHANGES_MAX);
  const answer = await requestJson(pairing.server, routes.counterPauses, counterPausesResponse, {
    method: 'POST',
    authorization: deviceAuthorization(pairing.deviceId, pairing.deviceSecret),
    body: { changes: sent },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const answered = new Set(answer.results.map((r) => r.id));
  const refusal = answer.results.find((r) => r.status === 'rejected');
  await db.transaction('rw', db.settings, async () => {
    const record = await readPause(db);
    const left = record.pending.filter((c) => !answered.has(c.id));
    const refused: ErrorCode | null = refusal?.status === 'rejected' ? refusal.code : record.refused;
    // With nothing left to say, the server's state is the counter's (the same, unless it refused a change).
    const pause = left.length === 0 ? answer.pause : record.pause;
    await db.settings.put({ key: KEY, value: { pause, pending: left, refused } satisfies PauseRecord });
  });
}
