import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, initialTransition, transition, type AnyStateNode, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import { DangkyError } from '../errors/dangky-error.ts';
import {
  BACKOFF_MAX_MS,
  PULL_INTERVAL_MS,
  SYNC_WATCHDOG_MS,
  backoffDelay,
  syncMachine,
  type PullOutcome,
  type PushOutcome,
  type SyncEvent,
  type SyncInput,
} from './sync-machine.ts';

/**
 * The device's sync statechart at three levels: single transitions (`transition()`, no actor, no
 * time), whole flows with the app's actors provided and fake timers, and generated paths that reach
 * every state and hold the rules on every path.
 */

type Snapshot = SnapshotFrom<typeof syncMachine>;
const KIOSK: SyncInput = { random: () => 0 };
const COUNTER: SyncInput = { pulls: true, random: () => 0 };
const AT = '2026-11-29T02:00:00.000Z';

const pushed = (output: PushOutcome) => ({ type: 'xstate.done.actor.pushBatch', output }) as unknown as SyncEvent;
const pushFailed = (error: unknown) => ({ type: 'xstate.error.actor.pushBatch', error }) as unknown as SyncEvent;
const pulled = (output: PullOutcome) => ({ type: 'xstate.done.actor.pullPage', output }) as unknown as SyncEvent;
const pullFailed = (error: unknown) => ({ type: 'xstate.error.actor.pullPage', error }) as unknown as SyncEvent;

const start = (input: SyncInput): Snapshot => initialTransition(syncMachine, input)[0];
const step = (snapshot: Snapshot, ...events: SyncEvent[]): Snapshot =>
  events.reduce((s, event) => transition(syncMachine, s, event)[0], snapshot);
/** A counter whose first push and first pull are done: push idle, pull waiting. */
const settledCounter = () =>
  step(start(COUNTER), pushed({ sent: 0, remaining: 0, at: AT }), pulled({ received: 0, hasMore: false, at: AT }));

describe('backoffDelay', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1_000],
    [2, 0, 1_000],
    [3, 0.5, 3_000],
    [6, 1, 32_000],
    [7, 1, BACKOFF_MAX_MS],
    [30, 0, BACKOFF_MAX_MS / 2],
  ])('attempt %i with random %d waits %i ms', (attempt, random, ms) => {
    expect(backoffDelay(attempt, () => random)).toBe(ms);
  });

  it('stays within [½, 1] of the step whatever the jitter, so devices spread out', () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      const step = Math.min(BACKOFF_MAX_MS, 1_000 * 2 ** (attempt - 1));
      for (const r of [0, 0.13, 0.5, 0.99, 1]) {
        const ms = backoffDelay(attempt, () => r);
        expect(ms).toBeGreaterThanOrEqual(step / 2);
        expect(ms).toBeLessThanOrEqual(step);
      }
    }
  });
});

describe('syncMachine — single transitions', () => {
  it('starts pushing at once; a kiosk never pulls, a counter pulls unless nobody is signed in', () => {
    expect(start(KIOSK).value).toEqual({ push: 'pushing', pull: 'off' });
    expect(start(COUNTER).value).toEqual({ push: 'pushing', pull: 'pulling' });
    expect(start({ ...COUNTER, staffSignedIn: false }).value).toEqual({ push: 'pushing', pull: 'waitingForStaff' });
  });

  it('pushes the next batch at once while the outbox has more, and rests when it is empty', () => {
    const more = step(start(KIOSK), pushed({ sent: 200, remaining: 50, at: AT }));
    expect(more.value).toMatchObject({ push: 'pushing' });
    expect(more.context).toMatchObject({ pending: 50, lastSyncedAt: AT, attempt: 0 });
    const done = step(more, pushed({ sent: 50, remaining: 0, at: '2026-11-29T02:00:01.000Z' }));
    expect(done.value).toMatchObject({ push: 'idle' });
    expect(done.context).toMatchObject({ pending: 0, lastSyncedAt: '2026-11-29T02:00:01.000Z' });
  });

  it('does not loop when the server answered for nothing even though events remain (hasMore needs progress)', () => {
    expect(step(start(KIOSK), pushed({ sent: 0, remaining: 3, at: AT })).value).toMatchObject({ push: 'idle' });
  });

  it('backs off with the code the failure carries (through its cause) and counts the attempts', () => {
    const wrapped = new Error('push failed', { cause: new DangkyError('DK_ERR_DEVICE_UNAUTHENTICATED') });
    const once = step(start(KIOSK), pushFailed(wrapped));
    expect(once.value).toMatchObject({ push: 'backingOff' });
    expect(once.context).toMatchObject({ attempt: 1, lastErrorCode: 'DK_ERR_DEVICE_UNAUTHENTICATED' });
    // Anything without a code is taken for the network: the device cannot tell more.
    const twice = step(once, { type: 'sync.requested' }, pushFailed(new TypeError('Failed to fetch')));
    expect(twice.context).toMatchObject({ attempt: 2, lastErrorCode: 'DK_ERR_NETWORK' });
    const ok = step(twice, { type: 'network.online' }, pushed({ sent: 1, remaining: 0, at: AT }));
    expect(ok.context).toMatchObject({ attempt: 0, lastErrorCode: null });
  });

  it('pushes when the outbox changes or the network returns; records the pending count in every state', () => {
    const idle = step(start(KIOSK), pushed({ sent: 0, remaining: 0, at: AT }));
    expect(step(idle, { type: 'outbox.changed', pending: 4 })).toMatchObject({ value: { push: 'pushing' }, context: { pending: 4 } });
    expect(step(idle, { type: 'network.online' }).value).toMatchObject({ push: 'pushing' });
    const busy = step(start(KIOSK), { type: 'outbox.changed', pending: 7 });
    expect(busy).toMatchObject({ value: { push: 'pushing' }, context: { pending: 7 } });
  });

  it('pulls at once after a push that delivered something, not after one that delivered nothing', () => {
    expect(step(settledCounter(), { type: 'outbox.changed', pending: 1 }, pushed({ sent: 1, remaining: 0, at: AT })).value).toEqual({
      push: 'idle',
      pull: 'pulling',
    });
    expect(step(settledCounter(), { type: 'sync.requested' }).value).toEqual({ push: 'pushing', pull: 'pulling' });
    const nothing = step(settledCounter(), { type: 'network.online' }, pushed({ sent: 0, remaining: 0, at: AT }));
    expect(nothing.value).toEqual({ push: 'idle', pull: 'pulling' }); // the network event itself asked for a pull
    const quiet = step(settledCounter(), { type: 'outbox.changed', pending: 0 }, pushed({ sent: 0, remaining: 0, at: AT }));
    expect(quiet.value).toEqual({ push: 'idle', pull: 'waiting' });
  });

  it('pulls the next page at once while the server has more, and keeps the later sync time', () => {
    const first = step(start(COUNTER), pulled({ received: 500, hasMore: true, at: '2026-11-29T02:00:05.000Z' }));
    expect(first.value).toMatchObject({ pull: 'pulling' });
    const last = step(first, pushed({ sent: 0, remaining: 0, at: AT }), pulled({ received: 3, hasMore: false, at: AT }));
    expect(last.value).toMatchObject({ pull: 'waiting' });
    expect(last.context.lastSyncedAt).toBe('2026-11-29T02:00:05.000Z');
  });

  it('waits for a signed-in staff member when the server asks for one, and asks nothing until then', () => {
    const refused = step(start(COUNTER), pullFailed(new DangkyError('DK_ERR_STAFF_UNAUTHENTICATED')));
    expect(refused.value).toMatchObject({ pull: 'waitingForStaff' });
    expect(refused.context).toMatchObject({ pullErrorCode: null, pullAttempt: 0 });
    for (const event of [{ type: 'sync.requested' }, { type: 'network.online' }, { type: 'pull.requested' }] as const)
      expect(step(refused, event).value).toMatchObject({ pull: 'waitingForStaff' });
    expect(step(refused, { type: 'staff.signedIn' }).value).toMatchObject({ pull: 'pulling' });
  });

  it('stops pulling when the app says nobody is signed in, and resumes when someone signs in', () => {
    const out = step(settledCounter(), { type: 'staff.signedOut' });
    expect(out.value).toMatchObject({ pull: 'waitingForStaff' });
    expect(out.context.staffSignedIn).toBe(false);
    const back = step(out, { type: 'staff.signedIn' });
    expect(back.value).toMatchObject({ pull: 'pulling' });
    expect(back.context.staffSignedIn).toBe(true);
  });

  it('backs a failed pull off with its own attempt count, apart from the push', () => {
    const failed = step(start(COUNTER), pullFailed(new DangkyError('DK_ERR_NETWORK')));
    expect(failed.value).toEqual({ push: 'pushing', pull: 'backingOff' });
    expect(failed.context).toMatchObject({ pullAttempt: 1, pullErrorCode: 'DK_ERR_NETWORK', attempt: 0, lastErrorCode: null });
    expect(step(failed, { type: 'network.online' }).value).toMatchObject({ pull: 'pulling' });
  });
});

describe('syncMachine — flows with fake timers', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** The machine with scripted answers; each call takes the next answer (the last one repeats). */
  function harness(input: SyncInput, answers: { push?: (() => PushOutcome)[]; pull?: (() => PullOutcome)[] }) {
    const calls = { push: 0, pull: 0 };
    const next = <T>(list: (() => T)[] | undefined, n: number, fallback: () => T): T =>
      (list?.[Math.min(n, list.length - 1)] ?? fallback)();
    const machine = syncMachine.provide({
      actors: {
        pushBatch: fromPromise<PushOutcome>(async () => next(answers.push, calls.push++, () => ({ sent: 0, remaining: 0, at: AT }))),
        pullPage: fromPromise<PullOutcome>(async () => next(answers.pull, calls.pull++, () => ({ received: 0, hasMore: false, at: AT }))),
      },
    });
    const actor = createActor(machine, { input }).start();
    return { actor, calls };
  }
  const fail = (code: 'DK_ERR_NETWORK' | 'DK_ERR_STAFF_UNAUTHENTICATED') => () => {
    throw new DangkyError(code);
  };

  it('keeps pushing on the watchdog with nobody touching the device', async () => {
    const { calls } = harness(KIOSK, {});
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.push).toBe(1);
    await vi.advanceTimersByTimeAsync(SYNC_WATCHDOG_MS - 1);
    expect(calls.push).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.push).toBe(2);
    await vi.advanceTimersByTimeAsync(SYNC_WATCHDOG_MS * 4);
    expect(calls.push).toBe(6);
    expect(calls.pull).toBe(0); // a kiosk never pulls
  });

  it('retries a failing push after growing delays (jitter at its lowest here), then rests', async () => {
    const { actor, calls } = harness(KIOSK, {
      push: [fail('DK_ERR_NETWORK'), fail('DK_ERR_NETWORK'), fail('DK_ERR_NETWORK'), () => ({ sent: 2, remaining: 0, at: AT })],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.push).toBe(1);
    await vi.advanceTimersByTimeAsync(499); // attempt 1: 1 s × ½
    expect(calls.push).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.push).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000); // attempt 2: 2 s × ½
    expect(calls.push).toBe(3);
    expect(actor.getSnapshot().context).toMatchObject({ attempt: 3, lastErrorCode: 'DK_ERR_NETWORK' });
    await vi.advanceTimersByTimeAsync(2_000); // attempt 3: 4 s × ½
    expect(calls.push).toBe(4);
    expect(actor.getSnapshot().value).toMatchObject({ push: 'idle' });
    expect(actor.getSnapshot().context).toMatchObject({ attempt: 0, lastErrorCode: null, pending: 0, lastSyncedAt: AT });
  });

  it('empties a long outbox batch after batch without waiting, then pulls once what it delivered', async () => {
    const { actor, calls } = harness(COUNTER, {
      push: [
        () => ({ sent: 200, remaining: 250, at: AT }),
        () => ({ sent: 200, remaining: 50, at: AT }),
        () => ({ sent: 50, remaining: 0, at: AT }),
      ],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.push).toBe(3);
    expect(actor.getSnapshot().context.pending).toBe(0);
    expect(calls.pull).toBeGreaterThanOrEqual(2); // the start's pull, then one asked for by the deliveries
  });

  it('pulls every page the server has, then again on its interval', async () => {
    const { calls } = harness(COUNTER, {
      pull: [
        () => ({ received: 500, hasMore: true, at: AT }),
        () => ({ received: 500, hasMore: true, at: AT }),
        () => ({ received: 12, hasMore: false, at: AT }),
        () => ({ received: 0, hasMore: false, at: AT }),
      ],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.pull).toBe(3);
    await vi.advanceTimersByTimeAsync(PULL_INTERVAL_MS - 1);
    expect(calls.pull).toBe(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.pull).toBe(4);
    await vi.advanceTimersByTimeAsync(PULL_INTERVAL_MS * 10);
    expect(calls.pull).toBe(14);
  });

  it('does not hammer a server that wants a signed-in staff member: no pull until someone signs in', async () => {
    const { actor, calls } = harness(COUNTER, {
      pull: [fail('DK_ERR_STAFF_UNAUTHENTICATED'), () => ({ received: 1, hasMore: false, at: AT })],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.pull).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(calls.pull).toBe(1);
    expect(actor.getSnapshot().value).toMatchObject({ pull: 'waitingForStaff' });
    expect(actor.getSnapshot().context.pullErrorCode).toBeNull(); // not shown as a failure
    expect(calls.push).toBeGreaterThan(10); // the outbox still goes out: pushes do not depend on staff
    actor.send({ type: 'staff.signedIn' });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.pull).toBe(2);
    expect(actor.getSnapshot().value).toMatchObject({ pull: 'waiting' });
  });

  it('backs a failing pull off instead of retrying it every interval, and recovers', async () => {
    const { actor, calls } = harness(COUNTER, {
      pull: [fail('DK_ERR_NETWORK'), fail('DK_ERR_NETWORK'), () => ({ received: 0, hasMore: false, at: AT })],
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.pull).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls.pull).toBe(2);
    expect(actor.getSnapshot().context).toMatchObject({ pullAttempt: 2, pullErrorCode: 'DK_ERR_NETWORK' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls.pull).toBe(3);
    expect(actor.getSnapshot().context).toMatchObject({ pullAttempt: 0, pullErrorCode: null });
  });
});

describe('syncMachine — generated paths', () => {
  function afterEvents(node: AnyStateNode): SyncEvent[] {
    const own = node.after.map((t) => ({ type: t.eventType }) as unknown as SyncEvent);
    return [...own, ...Object.values(node.states).flatMap((child) => afterEvents(child as AnyStateNode))];
  }
  const events: SyncEvent[] = [
    { type: 'outbox.changed', pending: 2 },
    { type: 'network.online' },
    { type: 'sync.requested' },
    { type: 'staff.signedIn' },
    { type: 'staff.signedOut' },
    pushed({ sent: 200, remaining: 10, at: AT }),
    pushed({ sent: 10, remaining: 0, at: AT }),
    pushed({ sent: 0, remaining: 0, at: AT }),
    pushFailed(new DangkyError('DK_ERR_NETWORK')),
    pulled({ received: 500, hasMore: true, at: AT }),
    pulled({ received: 0, hasMore: false, at: AT }),
    pullFailed(new DangkyError('DK_ERR_NETWORK')),
    pullFailed(new DangkyError('DK_ERR_STAFF_UNAUTHENTICATED')),
    ...afterEvents(syncMachine.root),
  ];
  const pathsFor = (input: SyncInput) =>
    getShortestPaths(syncMachine, {
      input,
      events,
      serializeState: (s) =>
        JSON.stringify([s.value, s.context.lastErrorCode !== null, s.context.pullErrorCode !== null, s.context.staffSignedIn]),
    });
  const kioskPaths = pathsFor(KIOSK);
  const counterPaths = [...pathsFor(COUNTER), ...pathsFor({ ...COUNTER, staffSignedIn: false })];
  const all = [...kioskPaths, ...counterPaths];

  it('reach every state of both regions', () => {
    const reached = (region: 'push' | 'pull') => new Set(all.map((p) => (p.state.value as Record<string, string>)[region]));
    expect([...reached('push')].sort()).toEqual(['backingOff', 'idle', 'pushing']);
    expect([...reached('pull')].sort()).toEqual(['backingOff', 'off', 'pulling', 'waiting', 'waitingForStaff']);
  });

  it('never pull on a kiosk, whatever happens', () => {
    for (const p of kioskPaths) expect(p.state.matches({ pull: 'off' }), JSON.stringify(p.state.value)).toBe(true);
  });

  it('never pull while the app says nobody is signed in', () => {
    for (const p of counterPaths)
      if (!p.state.context.staffSignedIn) expect(p.state.matches({ pull: 'waitingForStaff' }), JSON.stringify(p.state.value)).toBe(true);
  });

  it('back off only with a code to show, and show no pull failure while waiting for staff', () => {
    for (const p of all) {
      const c = p.state.context;
      if (p.state.matches({ push: 'backingOff' })) expect(c.lastErrorCode !== null && c.attempt > 0).toBe(true);
      if (p.state.matches({ pull: 'backingOff' })) expect(c.pullErrorCode !== null && c.pullAttempt > 0).toBe(true);
      if (p.state.matches({ pull: 'waitingForStaff' })) expect(c.pullErrorCode).toBeNull();
    }
  });
});
