import { assign, fromPromise, raise, setup } from 'xstate';
import { errorCodeOf } from '../errors/dangky-error.ts';
import type { ErrorCode } from '../errors/registry.ts';

/**
 * The device side of sync as a statechart with two regions that run side by side:
 *
 * - `push` sends the outbox in batches, backs off on network errors and 5xx, and keeps trying on
 *   a watchdog timer even when nothing new is written (a kiosk that lost the network at 10:00 must
 *   deliver without anyone touching it). A rejected event is the server's final word and is removed
 *   from the outbox by the app's `pushBatch` (kept in a dead-letter table for staff), so it never
 *   blocks the events behind it.
 * - `pull` fetches what the server has for this device (a counter: its site's queue) one page at a
 *   time, the next page at once while the server says it has more, then again after `pullInterval`,
 *   when the network returns, on request, and right after a push delivered something (the server's
 *   views are then newer than ours). A kiosk does not pull (`pulls: false`). A counter pulls only
 *   while a staff member is signed in on it: with nobody there — the app says so with
 *   `staff.signedOut`, or the server answers that a signed-in staff member is needed — the region
 *   waits, without asking the server again, until `staff.signedIn`.
 *
 * The app provides the I/O as actors (`pushBatch`, `pullPage`); the machine only decides *when*.
 */
export interface PushOutcome {
  /** Events the server answered for (accepted, duplicate or rejected). */
  sent: number;
  /** Events still waiting in the outbox after this batch. */
  remaining: number;
  /** Server time of the answer. */
  at: string;
}

export interface PullOutcome {
  /** Changes stored from this page. */
  received: number;
  /** The server has more after this page: the next one is pulled at once. */
  hasMore: boolean;
  /** When the page was stored (ISO instant). */
  at: string;
}

export interface SyncContext {
  pending: number;
  /** The last successful push or pull, whichever came later. */
  lastSyncedAt: string | null;
  /** Why the last push failed (null once one succeeds). */
  lastErrorCode: ErrorCode | null;
  attempt: number;
  /** A busy server's `retry-after` on the last refused push, ms (null when it gave none). */
  retryAfterMs: number | null;
  /** Why the last pull failed (null once one succeeds, and while waiting for staff). */
  pullErrorCode: ErrorCode | null;
  pullAttempt: number;
  /** A busy server's `retry-after` on the last refused pull, ms (null when it gave none). */
  pullRetryAfterMs: number | null;
  /** This device pulls at all (a counter; a kiosk does not). */
  pulls: boolean;
  /** What the app last said: a staff member is signed in on this device. */
  staffSignedIn: boolean;
  random: () => number;
}

export interface SyncInput {
  pending?: number;
  lastSyncedAt?: string | null;
  random?: () => number;
  /** This device pulls (a counter). Default false: a kiosk only pushes. */
  pulls?: boolean;
  /** A staff member is signed in on this device at start. Default true. */
  staffSignedIn?: boolean;
}

export type SyncEvent =
  | { type: 'outbox.changed'; pending: number }
  | { type: 'network.online' }
  | { type: 'sync.requested' }
  | { type: 'staff.signedIn' }
  | { type: 'staff.signedOut' }
  /** Internal: raised after a push that delivered something. */
  | { type: 'pull.requested' };

export const SYNC_WATCHDOG_MS = 15_000;
export const PULL_INTERVAL_MS = 4_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 60_000;

/**
 * Answers that mean "this pull needs a staff member signed in on the device": a normal state of a
 * counter nobody is at, not a failure to retry.
 */
export const PULL_NEEDS_STAFF: readonly ErrorCode[] = ['DK_ERR_STAFF_UNAUTHENTICATED'];

/** Exponential backoff with jitter in [½, 1] of the step, so 10,000 devices do not return in lockstep. */
export const backoffDelay = (attempt: number, random: () => number): number =>
  Math.round(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1)) * (0.5 + random() / 2));

/**
 * The wait before the next try: the backoff, but never sooner than a busy server asked
 * (`retry-after`), spread over [1, 1½] of what it asked so shed devices do not all return at once.
 */
export const retryDelay = (attempt: number, retryAfterMs: number | null, random: () => number): number =>
  Math.max(backoffDelay(attempt, random), retryAfterMs === null ? 0 : Math.round(retryAfterMs * (1 + random() / 2)));

/** The `retry-after` a refusal carried (`detail.retryAfterMs`, set by the web client), capped at 5 minutes. */
function retryAfterOf(error: unknown): number | null {
  const ms = (error as { detail?: { retryAfterMs?: unknown } } | null)?.detail?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.min(ms, 5 * BACKOFF_MAX_MS) : null;
}

/** The error of an `onError` event (xstate does not infer it inside `params`). */
const errorOf = ({ event }: { event: { error: unknown } }): unknown => event.error;

const later = (a: string | null, b: string): string => (a !== null && a > b ? a : b);

export const syncMachine = setup({
  types: {
    context: {} as SyncContext,
    input: {} as SyncInput,
    events: {} as SyncEvent,
  },
  actors: {
    pushBatch: fromPromise<PushOutcome>(async () => {
      throw new Error('syncMachine: provide a pushBatch actor');
    }),
    pullPage: fromPromise<PullOutcome>(async () => {
      throw new Error('syncMachine: provide a pullPage actor');
    }),
  },
  delays: {
    watchdog: SYNC_WATCHDOG_MS,
    backoff: ({ context }) => retryDelay(context.attempt, context.retryAfterMs, context.random),
    pullInterval: PULL_INTERVAL_MS,
    pullBackoff: ({ context }) => retryDelay(context.pullAttempt, context.pullRetryAfterMs, context.random),
  },
  guards: {
    hasMore: (_, output: PushOutcome) => output.remaining > 0 && output.sent > 0,
    hasDelivered: (_, output: PushOutcome) => output.sent > 0,
    hasMorePages: (_, output: PullOutcome) => output.hasMore,
    needsStaff: (_, error: unknown) => PULL_NEEDS_STAFF.includes(errorCodeOf(error, 'DK_ERR_NETWORK')),
  },
  actions: {
    recordPending: assign({ pending: (_, pending: number) => pending }),
    recordPushed: assign(({ context }, output: PushOutcome) => ({
      pending: output.remaining,
      lastSyncedAt: later(context.lastSyncedAt, output.at),
      lastErrorCode: null,
      attempt: 0,
    })),
    recordPushFailed: assign(({ context }, error: unknown) => ({
      attempt: context.attempt + 1,
      lastErrorCode: errorCodeOf(error, 'DK_ERR_NETWORK'),
      retryAfterMs: retryAfterOf(error),
    })),
    recordPulled: assign(({ context }, output: PullOutcome) => ({
      lastSyncedAt: later(context.lastSyncedAt, output.at),
      pullErrorCode: null,
      pullAttempt: 0,
    })),
    recordPullFailed: assign(({ context }, error: unknown) => ({
      pullAttempt: context.pullAttempt + 1,
      pullErrorCode: errorCodeOf(error, 'DK_ERR_NETWORK'),
      pullRetryAfterMs: retryAfterOf(error),
    })),
    forgetPullFailure: assign({ pullErrorCode: null, pullAttempt: 0 }),
    recordStaff: assign({ staffSignedIn: ({ event }) => event.type !== 'staff.signedOut' }),
  },
}).createMachine({
  id: 'sync',
  context: ({ input }) => ({
    pending: input.pending ?? 0,
    lastSyncedAt: input.lastSyncedAt ?? null,
    lastErrorCode: null,
    attempt: 0,
    retryAfterMs: null,
    pullErrorCode: null,
    pullAttempt: 0,
    pullRetryAfterMs: null,
    pulls: input.pulls ?? false,
    staffSignedIn: input.staffSignedIn ?? true,
    random: input.random ?? Math.random,
  }),
  type: 'parallel',
  on: {
    'outbox.changed': { actions: { type: 'recordPending', params: ({ event }) => event.pending } },
  },
  states: {
    push: {
      initial: 'pushing',
      states: {
        idle: {
          on: {
            'outbox.changed': { target: 'pushing', actions: { type: 'recordPending', params: ({ event }) => event.pending } },
            'network.online': 'pushing',
            'sync.requested': 'pushing',
          },
          after: { watchdog: 'pushing' },
        },
        pushing: {
          invoke: {
            id: 'pushBatch',
            src: 'pushBatch',
            onDone: [
              {
                guard: { type: 'hasMore', params: ({ event }) => event.output },
                target: 'pushing',
                reenter: true,
                actions: [{ type: 'recordPushed', params: ({ event }) => event.output }, raise({ type: 'pull.requested' })],
              },
              {
                guard: { type: 'hasDelivered', params: ({ event }) => event.output },
                target: 'idle',
                actions: [{ type: 'recordPushed', params: ({ event }) => event.output }, raise({ type: 'pull.requested' })],
              },
              { target: 'idle', actions: { type: 'recordPushed', params: ({ event }) => event.output } },
            ],
            onError: { target: 'backingOff', actions: { type: 'recordPushFailed', params: errorOf } },
          },
        },
        backingOff: {
          on: { 'network.online': 'pushing', 'sync.requested': 'pushing' },
          after: { backoff: 'pushing' },
        },
      },
    },
    pull: {
      initial: 'starting',
      // Kept in context in every state, so a later start or a test reads what the app said last.
      on: { 'staff.signedIn': { actions: 'recordStaff' }, 'staff.signedOut': { actions: 'recordStaff' } },
      states: {
        starting: {
          always: [
            { guard: ({ context }) => !context.pulls, target: 'off' },
            { guard: ({ context }) => !context.staffSignedIn, target: 'waitingForStaff' },
            { target: 'pulling' },
          ],
        },
        /** A device that does not pull (a kiosk). */
        off: {},
        waiting: {
          on: {
            'network.online': 'pulling',
            'sync.requested': 'pulling',
            'pull.requested': 'pulling',
            'staff.signedOut': { target: 'waitingForStaff', actions: 'recordStaff' },
          },
          after: { pullInterval: 'pulling' },
        },
        pulling: {
          on: { 'staff.signedOut': { target: 'waitingForStaff', actions: 'recordStaff' } },
          invoke: {
            id: 'pullPage',
            src: 'pullPage',
            onDone: [
              {
                guard: { type: 'hasMorePages', params: ({ event }) => event.output },
                target: 'pulling',
                reenter: true,
                actions: { type: 'recordPulled', params: ({ event }) => event.output },
              },
              { target: 'waiting', actions: { type: 'recordPulled', params: ({ event }) => event.output } },
            ],
            onError: [
              {
                guard: { type: 'needsStaff', params: errorOf },
                target: 'waitingForStaff',
              },
              { target: 'backingOff', actions: { type: 'recordPullFailed', params: errorOf } },
            ],
          },
        },
        backingOff: {
          on: {
            'network.online': 'pulling',
            'sync.requested': 'pulling',
            'pull.requested': 'pulling',
            'staff.signedOut': { target: 'waitingForStaff', actions: 'recordStaff' },
          },
          after: { pullBackoff: 'pulling' },
        },
        /** Nobody is signed in on this counter: no pull (the server would refuse it) until someone is. */
        waitingForStaff: {
          entry: 'forgetPullFailure',
          on: { 'staff.signedIn': { target: 'pulling', actions: 'recordStaff' } },
        },
      },
    },
  },
});
