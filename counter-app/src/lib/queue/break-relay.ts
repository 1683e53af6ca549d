import { uuidv7 } from '@dangky/core/events';
import { pauseNotice, type BoardPauseChange, type CounterPauseChange } from '@dangky/core/queue';

/**
 * The counter's breaks as the site's call displays hear of them through the station's agent
 * (core/src/agent/messages/board.ts): each change the clerk makes, at once. A change the server
 * later refuses leaves the counter in the server's state (pause-store.ts) — and the displays with
 * the relayed change, newer than anything the server holds, until the next one. So when the
 * counter's state settles on something other than what was last relayed, that state is relayed
 * again as a change of its own (new id, now): newer, it wins on the displays as it did here.
 */
export interface BreakRelay {
  /** A change made at this counter (before it is kept: the store's state may follow at once). */
  changed(change: CounterPauseChange): void;
  /** The counter's state as its store holds it now. */
  settled(paused: boolean): void;
}

export function breakRelay(
  send: (pause: BoardPauseChange) => void,
  counter: () => { id: string; number: number | null },
  clock: { now?: () => Date; newId?: () => string } = {},
): BreakRelay {
  const now = clock.now ?? (() => new Date());
  const newId = clock.newId ?? uuidv7;
  /** What the displays were last told: nothing yet since the page opened. */
  let relayed: boolean | null = null;
  const notice = (change: Pick<CounterPauseChange, 'id' | 'paused' | 'at'>) => {
    const { id, number } = counter();
    try {
      send(pauseNotice({ ...change, counterId: id }, { number, name: id }));
      relayed = change.paused;
    } catch {
      // Best effort, like a call's notice: the break itself stands, and the displays learn of it from the server.
    }
  };
  return {
    changed: (change) => notice(change),
    settled(paused) {
      if (relayed === null || relayed === paused) return;
      notice({ id: newId(), paused, at: now().toISOString() });
    },
  };
}
