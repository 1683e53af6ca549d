import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise } from 'xstate';
import { DangkyError } from '../errors/dangky-error.ts';
import { retryDelay, syncMachine, type PullOutcome, type PushOutcome } from './sync-machine.ts';

const done: PushOutcome = { sent: 1, remaining: 0, at: '2026-12-01T03:00:00.000Z' };

/** The machine with a push the test scripts: each answer in turn (an Error = a refused push). */
function run(answers: (PushOutcome | Error)[]) {
  const pushes: number[] = [];
  const actor = createActor(
    syncMachine.provide({
      actors: {
        pullPage: fromPromise<PullOutcome>(async () => ({ received: 0, hasMore: false, at: done.at })),
        pushBatch: fromPromise(async () => {
          pushes.push(Date.now());
          const a = answers.shift();
          if (!a) throw new Error('no scripted answer');
          if (a instanceof Error) throw a;
          return a;
        }),
      },
    }),
    { input: { random: () => 0 } }, // a kiosk: pushes only
  ).start();
  return { actor, pushes };
}

describe('sync machine and a server that sheds load', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('waits as long as the busy server asked (retry-after), not its short first backoff', async () => {
    const busy = new DangkyError('DK_ERR_SERVER_BUSY', { detail: { status: 503, retryAfterMs: 20_000 } });
    const { actor, pushes } = run([busy, done]);
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toMatchObject({ push: 'backingOff' });
    expect(actor.getSnapshot().context.lastErrorCode).toBe('DK_ERR_SERVER_BUSY');
    await vi.advanceTimersByTimeAsync(19_999);
    expect(pushes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(pushes).toHaveLength(2);
    expect(actor.getSnapshot().value).toMatchObject({ push: 'idle' });
    actor.stop();
  });

  it('backs off as before when the failure carries no retry-after', async () => {
    const { actor, pushes } = run([new DangkyError('DK_ERR_NETWORK'), done]);
    await vi.advanceTimersByTimeAsync(500);
    expect(pushes).toHaveLength(2);
    actor.stop();
  });

  it.each([
    [1, null, 0, 500],
    [1, 20_000, 0, 20_000],
    [1, 20_000, 1, 30_000],
    [7, 2_000, 0, 30_000],
  ])('retryDelay(attempt %i, retry-after %s, random %f) = %i ms', (attempt, retryAfter, random, expected) => {
    expect(retryDelay(attempt, retryAfter, () => random)).toBe(expected);
  });
});
