import { z } from 'zod';
import type { ErrorCode } from '../errors/registry.ts';
import { instant, staffId, uuidV7 } from '../schemas/primitives.ts';

/**
 * A counter's break ("Tạm nghỉ") and its end ("Tiếp tục phục vụ"), as one change of the counter's
 * state, recorded with the clerk signed in and the time.
 *
 * Why not an event of the device's outbox: every event is about one registration (its id keys the
 * events table, the sealing of personal data, the held events and the fold), and a break is about
 * no citizen. So a change is its own record — `counter_pauses` on the server, append-only, each
 * one audited (`counter.paused` / `counter.resumed`) — that the counter keeps in its settings
 * while offline (its state survives a reload) and posts before each push of its outbox
 * (`POST /v1/counter/pauses`). Posting first is what lets the server judge a call by the
 * counter's state when it was made: every change the counter made before a call has reached the
 * server by the time the call does, and both times come from the same clock.
 */
export const counterPauseChange = z.object({
  /** Made on the counter (UUIDv7): a change posted twice is stored once. */
  id: uuidV7,
  counterId: z.string().min(1).max(64),
  /** The clerk signed in on the counter who paused or resumed it. */
  operatorId: staffId,
  /** `true`: the break begins; `false`: the counter serves again. */
  paused: z.boolean(),
  at: instant,
});
export type CounterPauseChange = z.infer<typeof counterPauseChange>;

/** A counter's break as it stands: since when and by whom; `null` when it serves. */
export const counterPause = z.object({ since: instant, operatorId: staffId }).nullable();
export type CounterPause = z.infer<typeof counterPause>;

/**
 * Why this change may not be made now, or `null`: a break begins only while the counter serves
 * nobody (the citizen called there is finished, transferred or held first — a break must not
 * leave someone standing at a closed counter) and not twice; it ends only when it began.
 * `serving` is known to the counter only (the server learns of a finished service after the
 * change, since changes are posted first), so the server judges with `serving: false`.
 */
export function pauseChangeProblem(
  current: CounterPause,
  change: Pick<CounterPauseChange, 'paused'>,
  ctx: { serving: boolean },
): ErrorCode | null {
  if (change.paused) {
    if (current) return 'DK_ERR_COUNTER_ALREADY_PAUSED';
    return ctx.serving ? 'DK_ERR_COUNTER_PAUSE_SERVING' : null;
  }
  return current ? null : 'DK_ERR_COUNTER_NOT_PAUSED';
}

/** The counter's state after an accepted change. */
export const afterPauseChange = (change: Pick<CounterPauseChange, 'paused' | 'at' | 'operatorId'>): CounterPause =>
  change.paused ? { since: change.at, operatorId: change.operatorId } : null;

/**
 * Whether a counter was on a break at `at`, from its changes (any order): the latest change at or
 * before that time decides; none — it was serving.
 */
export function pausedAt(changes: readonly Pick<CounterPauseChange, 'paused' | 'at'>[], at: string): boolean {
  const t = Date.parse(at);
  let latest: { paused: boolean; at: number } | null = null;
  for (const c of changes) {
    const ct = Date.parse(c.at);
    if (ct <= t && (!latest || ct >= latest.at)) latest = { paused: c.paused, at: ct };
  }
  return latest?.paused ?? false;
}

/** A counter's call while on a break is refused (the counter offers no call then; the server refuses it again). */
export const callWhilePausedProblem = (
  changes: readonly Pick<CounterPauseChange, 'paused' | 'at'>[],
  calledAt: string,
): ErrorCode | null => (pausedAt(changes, calledAt) ? 'DK_ERR_QUEUE_COUNTER_PAUSED' : null);

export const COUNTER_PAUSE_CHANGES_MAX = 50;

/** `POST /v1/counter/pauses`: the counter's changes not yet posted, oldest first. */
export const counterPausesRequest = z.object({ changes: z.array(counterPauseChange).min(1).max(COUNTER_PAUSE_CHANGES_MAX) });
export type CounterPausesRequest = z.infer<typeof counterPausesRequest>;
