import { createActor, fromPromise } from 'xstate';
import { syncMachine, type PushOutcome } from '@dangky/core/sync';
import type { ErrorCode } from '@dangky/core/errors';
import { errorCodeOf } from '@dangky/core/errors';
import type { CounterDb } from '../db/counter-db.ts';
import type { Sealer } from '@dangky/web';
import { fetchDeviceReference, pendingCount, pushBatch, readSetting, writeSetting } from '@dangky/web';
import type { PairingLink } from '@dangky/core/protocol';
import { purgeFinished } from '../queue/registration-store.ts';
import { hcmDay } from '@dangky/core/time';
import { pullRegistrations } from './pull.ts';

/**
 * The counter's sync, as a rune adapter over core's `syncMachine`: the machine decides when to
 * push (on a write, on `online`, on the watchdog, with backoff); this adds the pull of the
 * site's queue every few seconds and on demand. `revision` changes whenever local data did, so
 * the queue screen knows to re-read Dexie.
 */
export const PULL_INTERVAL_MS = 4_000;

export interface SyncRunner {
  readonly pending: number;
  readonly lastSyncedAt: string | null;
  readonly errorCode: ErrorCode | null;
  readonly revision: number;
  /** Pull (and push) now; resolves when the pull is stored. */
  refresh(): Promise<void>;
  /** Tell the machine the outbox changed (after a local write). */
  outboxChanged(): Promise<void>;
  stop(): void;
}

export function createSyncRunner(options: { db: CounterDb; sealer: Sealer; pairing: PairingLink; pullIntervalMs?: number }): SyncRunner {
  const { db, sealer, pairing } = options;
  const state = $state({
    pending: 0,
    lastPush: null as string | null,
    lastPull: null as string | null,
    errorCode: null as ErrorCode | null,
    revision: 0,
  });
  let pulling: Promise<void> | null = null;

  async function pull(): Promise<void> {
    pulling ??= (async () => {
      try {
        const { received, at } = await pullRegistrations(db, sealer, pairing);
        await writeSetting(db, 'lastSyncedAt', at);
        state.lastPull = at;
        state.errorCode = null;
        if (received > 0) state.revision++;
        await purgeFinished(db, hcmDay(at));
      } catch (error) {
        state.errorCode = errorCodeOf(error, 'DK_ERR_NETWORK');
      } finally {
        pulling = null;
      }
    })();
    return pulling;
  }

  const actor = createActor(
    syncMachine.provide({
      actors: {
        pushBatch: fromPromise<PushOutcome>(async () => {
          const outcome = await pushBatch(db, sealer, pairing);
          // After a push the server's views are newer than ours: fetch them so the queue shows
          // the server's word once the outbox no longer holds the event.
          if (outcome.sent > 0) await pull();
          state.revision++;
          return outcome;
        }),
      },
    }),
    { input: {} },
  );
  actor.subscribe((s) => {
    state.pending = s.context.pending;
    state.lastPush = s.context.lastSyncedAt;
    if (s.context.lastErrorCode) state.errorCode = s.context.lastErrorCode;
  });

  void (async () => {
    state.lastPull = (await readSetting(db, 'lastSyncedAt')) ?? null;
    // A wiped counter continues its event sequence where the server has it (bounded wait: offline
    // the local counter stands, and the server refuses a reused number rather than losing data).
    await Promise.race([fetchDeviceReference(db, pairing).catch(() => null), new Promise((r) => setTimeout(r, 3_000))]);
    actor.start();
    actor.send({ type: 'outbox.changed', pending: await pendingCount(db) });
    await pull();
  })();

  const timer = setInterval(() => void pull(), options.pullIntervalMs ?? PULL_INTERVAL_MS);
  const online = () => {
    actor.send({ type: 'network.online' });
    void pull();
  };
  window.addEventListener('online', online);

  return {
    get pending() {
      return state.pending;
    },
    get lastSyncedAt() {
      const [a, b] = [state.lastPush, state.lastPull];
      return a && b ? (a > b ? a : b) : (a ?? b);
    },
    get errorCode() {
      return state.errorCode;
    },
    get revision() {
      return state.revision;
    },
    async refresh() {
      actor.send({ type: 'sync.requested' });
      await pull();
      state.revision++;
    },
    async outboxChanged() {
      state.revision++;
      actor.send({ type: 'outbox.changed', pending: await pendingCount(db) });
    },
    stop() {
      clearInterval(timer);
      window.removeEventListener('online', online);
      actor.stop();
    },
  };
}
