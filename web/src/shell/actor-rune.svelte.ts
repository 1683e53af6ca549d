import { createActor, type AnyActorLogic, type EventFromLogic, type InputFrom, type SnapshotFrom } from 'xstate';

/**
 * A started XState actor whose snapshot is a rune, for the apps' flows. The snapshot is
 * reassigned whole on every change: a snapshot is immutable, and mutating a property of a
 * `$state.raw` object would notify nobody (the first counter flow did that and never re-rendered).
 */
export interface ActorRune<L extends AnyActorLogic> {
  readonly snapshot: SnapshotFrom<L>;
  send(event: EventFromLogic<L>): void;
  stop(): void;
}

export function startActorRune<L extends AnyActorLogic>(logic: L, input: InputFrom<L>): ActorRune<L> {
  const actor = createActor(logic, { input });
  let snapshot = $state.raw(actor.getSnapshot());
  actor.subscribe((s) => {
    snapshot = s;
  });
  actor.start();
  return {
    get snapshot() {
      return snapshot;
    },
    send: (event) => actor.send(event),
    stop: () => actor.stop(),
  };
}

/** The same actor rune, with `cleanup` run when it is stopped (e.g. a subscription that feeds it). */
export function withCleanup<L extends AnyActorLogic>(rune: ActorRune<L>, cleanup: () => void): ActorRune<L> {
  return {
    get snapshot() {
      return rune.snapshot;
    },
    send: (event) => rune.send(event),
    stop: () => {
      cleanup();
      rune.stop();
    },
  };
}
