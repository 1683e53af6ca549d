import { assign, fromPromise, setup } from 'xstate';
import type { ErrorCode } from '../errors/registry.ts';

/**
 * The device side of sync as a statechart: push the outbox in batches, back off on network
 * errors and 5xx, and keep trying on a watchdog timer even when nothing new is written (a
 * kiosk that lost the network at 10:00 must deliver without anyone touching it).
 *
 * The app provides `pushBatch` (read outbox → POST → apply per-event results → report what
 * is left); the machine only decides *when*. A rejected event is the server's final word
 * and is removed from the outbox by `pushBatch` (kept in a dead-letter table for staff), so it
 * never blocks the events behind it.
 */
export interface PushOutcome {
  /** Events the server answered for (accepted, duplicate or rejected). */
  sent: number;
  /** Events still waiting in the outbox after this batch. */
  remaining: number;
  /** Server time of the answer. */
  at: string;
}

export interface SyncContext {
  pending: number;
  lastSyncedAt: string | null;
  lastErrorCode: ErrorCode | null;
  attempt: number;
  random: () => number;
}

export interface SyncInput {
  pending?: number;
  lastSyncedAt?: string | null;
  random?: () => number;
}

export const SYNC_WATCHDOG_MS = 15_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 60_000;

/** Exponential backoff with jitter in [½, 1] of the step, so 10,000 devices do not return in lockstep. */
export const backoffDelay = (attempt: number, random: () => number): number =>
  Math.round(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1)) * (0.5 + random() / 2));

export const syncMachine = setup({
  types: {
    context: {} as SyncContext,
    input: {} as SyncInput,
    events: {} as { type: 'outbox.changed'; pending: number } | { type: 'network.online' } | { type: 'sync.requested' },
  },
  actors: {
    pushBatch: fromPromise<PushOutcome>(async () => {
      throw new Error('syncMachine: provide a pushBatch actor');
    }),
  },
  delays: {
    watchdog: SYNC_WATCHDOG_MS,
    backoff: ({ context }) => backoffDelay(context.attempt, context.random),
  },
  guards: {
    hasMore: ({ event }) =>
      (event as unknown as { output: PushOutcome }).output.remaining > 0 && (event as unknown as { output: PushOutcome }).output.sent > 0,
  },
  actions: {
    recordPending: assign({ pending: ({ event }) => ('pending' in event ? event.pending : 0) }),
  },
}).createMachine({
  id: 'sync',
  context: ({ input }) => ({
    pending: input.pending ?? 0,
    lastSyncedAt: input.lastSyncedAt ?? null,
    lastErrorCode: null,
    attempt: 0,
    random: input.random ?? Math.random,
  }),
  initial: 'pushing',
  on: {
    'outbox.changed': { actions: 'recordPending' },
  },
  states: {
    idle: {
      on: {
        'outbox.changed': { target: 'pushing', actions: 'recordPending' },
        'network.online': 'pushing',
        'sync.requested': 'pushing',
      },
      after: { watchdog: 'pushing' },
    },
    pushing: {
      invoke: {
        src: 'pushBatch',
        onDone: [
          {
            guard: 'hasMore',
            target: 'pushing',
            reenter: true,
            actions: assign({
              pending: ({ event }) => event.output.remaining,
              lastSyncedAt: ({ event }) => event.output.at,
              lastErrorCode: null,
              attempt: 0,
            }),
          },
          {
            target: 'idle',
            actions: assign({
              pending: ({ event }) => event.output.remaining,
              lastSyncedAt: ({ event }) => event.output.at,
              lastErrorCode: null,
              attempt: 0,
            }),
          },
        ],
        onError: {
          target: 'backingOff',
          actions: assign({
            attempt: ({ context }) => context.attempt + 1,
            lastErrorCode: ({ event }) => errorCodeFrom(event.error),
          }),
        },
      },
    },
    backingOff: {
      on: { 'network.online': 'pushing', 'sync.requested': 'pushing' },
      after: { backoff: 'pushing' },
    },
  },
});

function errorCodeFrom(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('DK_ERR_') ? (code as ErrorCode) : 'DK_ERR_NETWORK';
}
