import { createActor, fromPromise } from 'xstate';
import { syncMachine, type PullOutcome, type PushOutcome } from '@dangky/core/sync';
import { errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import type { PairingLink } from '@dangky/core/protocol';
import type { DeviceDb } from '../device-db.ts';
import { pendingCount } from '../outbox.ts';
import { expireDeadLetters } from '../dead-letters.ts';
import { pushBatch, type AcknowledgedSink } from '../push-batch.ts';
import type { ReportSource } from '../device-report.ts';
import type { Sealer } from '../sealer.ts';
import { readSetting } from '../settings.ts';

/**
 * A device's sync as a rune adapter over core's `syncMachine`, the same for the kiosk and the
 * counter: the machine decides when to push and when to pull (on a write, when the browser says
 * it is online, on its timers, with backoff); this gives it the push (the outbox, `pushBatch`)
 * and the app's pull page, if the app pulls, and exposes what the sync indicator shows as runes.
 */
export interface SyncRunner {
  readonly pending: number;
  readonly lastSyncedAt: string | null;
  /** Why the last push or pull failed, push first; null when both went through. */
  readonly errorCode: ErrorCode | null;
  /** Tell the machine the outbox changed (after a local write). */
  outboxChanged(): Promise<void>;
  /** Push and pull now (the indicator's "sync now"). */
  requestSync(): void;
  /** Whether a staff member is signed in on this device: a counter pulls its queue only then. */
  staffChanged(signedIn: boolean): void;
  stop(): void;
}

export interface SyncRunnerOptions {
  db: DeviceDb;
  sealer: Sealer;
  pairing: PairingLink;
  /** One page of what this device pulls, stored; a device without it (a kiosk) only pushes. */
  pullPage?: () => Promise<PullOutcome>;
  /** Where the events the server accepted are folded, for a device that keeps views of them (push-batch.ts). */
  acknowledged?: AcknowledgedSink;
  /** Waited for (at most `firstPushWaitMs`) before the first push: e.g. adopting the server's counters. */
  beforeFirstPush?: () => Promise<unknown>;
  /**
   * Sent before every push, in the same step: what the device must deliver ahead of its outbox
   * (a counter's breaks, which the server judges its calls by). Throwing fails the push, which
   * the sync machine retries — so nothing in the outbox overtakes it.
   */
  beforePush?: () => Promise<void>;
  /** After each push the server answered for something. */
  onPushed?: (outcome: PushOutcome) => void;
  /** The server answered that this device is no longer enrolled (DK_ERR_DEVICE_REVOKED). */
  onRevoked?: () => Promise<void>;
  /** A staff member is signed in at start (default true). */
  staffSignedIn?: boolean;
  /** What the device reports about itself on its pushes (the fleet page); none: no report. */
  report?: ReportSource;
  /** Default 3,000 ms: offline, the local counters stand (the server refuses a reused number rather than losing data). */
  firstPushWaitMs?: number;
}

export function createSyncRunner(options: SyncRunnerOptions): SyncRunner {
  const { db, sealer, pairing } = options;
  const state = $state({ pending: 0, lastSyncedAt: null as string | null, errorCode: null as ErrorCode | null });
  const pullPage = options.pullPage;
  /** The server's word that this device is gone ends sync here, whatever the step. */
  const watchRevoked = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (errorCodeOf(error) === 'DK_ERR_DEVICE_REVOKED') await options.onRevoked?.();
      throw error;
    }
  };
  const machine = syncMachine.provide({
    actors: {
      pushBatch: fromPromise<PushOutcome>(() =>
        watchRevoked(async () => {
          await options.beforePush?.();
          const outcome = await pushBatch(db, sealer, pairing, {
            ...(options.report ? { report: options.report } : {}),
            ...(options.acknowledged ? { acknowledged: options.acknowledged } : {}),
          });
          if (outcome.sent > 0) options.onPushed?.(outcome);
          await expireDeadLetters(db, sealer).catch(() => undefined);
          return outcome;
        }),
      ),
      ...(pullPage ? { pullPage: fromPromise<PullOutcome>(() => watchRevoked(pullPage)) } : {}),
    },
  });
  let actor: ReturnType<typeof createActor<typeof machine>> | null = null;
  let stopped = false;
  let staffSignedIn = options.staffSignedIn ?? true;

  void (async () => {
    const wait = new Promise((resolve) => setTimeout(resolve, options.firstPushWaitMs ?? 3_000));
    const first = Promise.race([options.beforeFirstPush?.().catch(() => null), wait]);
    // What the indicator shows is known at once, even while the first push waits.
    state.lastSyncedAt = (await readSetting(db, 'lastSyncedAt')) ?? null;
    state.pending = await pendingCount(db);
    await first;
    if (stopped) return;
    const input = { pending: await pendingCount(db), lastSyncedAt: state.lastSyncedAt, pulls: pullPage !== undefined, staffSignedIn };
    actor = createActor(machine, { input });
    actor.subscribe((s) => {
      state.pending = s.context.pending;
      state.lastSyncedAt = s.context.lastSyncedAt;
      state.errorCode = s.context.lastErrorCode ?? s.context.pullErrorCode;
    });
    actor.start();
  })();

  const online = () => actor?.send({ type: 'network.online' });
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
      const pending = await pendingCount(db);
      actor?.send({ type: 'outbox.changed', pending });
    },
    requestSync() {
      actor?.send({ type: 'sync.requested' });
    },
    staffChanged(signedIn) {
      staffSignedIn = signedIn;
      actor?.send({ type: signedIn ? 'staff.signedIn' : 'staff.signedOut' });
    },
    stop() {
      stopped = true;
      window.removeEventListener('online', online);
      actor?.stop();
    },
  };
}
