import { createActor, fromPromise } from 'xstate';
import { syncMachine, type PushOutcome } from '@dangky/core/sync';
import type { ErrorCode } from '@dangky/core/errors';
import type { PairingLink } from '@dangky/core/protocol';
import { pendingCount, pushBatch, readSetting, type DeviceDb, type Sealer } from '@dangky/web';

/**
 * The kiosk's sync: core's `syncMachine` decides when to push (on a write, when the browser
 * says it is online, on its watchdog, with backoff); this gives it the push and exposes what
 * the indicator shows as runes. The kiosk only pushes — it never needs other devices' data.
 */
export interface SyncRunner {
  readonly pending: number;
  readonly lastSyncedAt: string | null;
  readonly errorCode: ErrorCode | null;
  /** Tell the machine the outbox changed (after a registration was saved). */
  outboxChanged(): Promise<void>;
  stop(): void;
}

export function createSyncRunner(options: { db: DeviceDb; sealer: Sealer; pairing: PairingLink; onPushed?: () => void }): SyncRunner {
  const { db, sealer, pairing } = options;
  const state = $state({ pending: 0, lastSyncedAt: null as string | null, errorCode: null as ErrorCode | null });

  const actor = createActor(
    syncMachine.provide({
      actors: {
        pushBatch: fromPromise<PushOutcome>(async () => {
          const outcome = await pushBatch(db, sealer, pairing);
          if (outcome.sent > 0) options.onPushed?.();
          return outcome;
        }),
      },
    }),
    { input: {} },
  );
  actor.subscribe((s) => {
    state.pending = s.context.pending;
    if (s.context.lastSyncedAt) state.lastSyncedAt = s.context.lastSyncedAt;
    state.errorCode = s.context.lastErrorCode;
  });

  void (async () => {
    state.lastSyncedAt = (await readSetting(db, 'lastSyncedAt')) ?? null;
    actor.start();
    actor.send({ type: 'outbox.changed', pending: await pendingCount(db) });
  })();

  const online = () => actor.send({ type: 'network.online' });
  window.addEventListener('online', online);

  return {
    get pending() {
      return state.pending;
    },
    get lastSyncedAt() {
      return state.lastSyncedAt;
    },
    get errorCode() {
      return state.errorCode;
    },
    async outboxChanged() {
      actor.send({ type: 'outbox.changed', pending: await pendingCount(db) });
    },
    stop() {
      window.removeEventListener('online', online);
      actor.stop();
    },
  };
}
