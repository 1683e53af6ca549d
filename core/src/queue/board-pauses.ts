import { z } from 'zod';
import { instant, uuidV7 } from '../schemas/primitives.ts';
import type { CounterPauseChange } from './counter-pause.ts';

/**
 * The counters on a break, as the waiting room's call display learns of them — from the server's
 * board and, when the server is out of reach, from the counters themselves over the site network
 * (core/src/agent/messages/board.ts), as it learns of calls. Each source may lag the other: the
 * server has not yet heard of a break a counter relayed while offline, and a display agent may
 * have missed a relayed end of a break the server has heard of since. So per counter the newer
 * change wins — by its time (the counter's clock, which stamped the change wherever it travelled)
 * and then its id — never the source.
 */

/** A counter on a break, as the waiting room sees it ("Quầy 2 — tạm nghỉ"), since when. */
export const boardPause = z.object({
  counterId: z.string().min(1).max(64),
  counterName: z.string().max(80),
  counterNumber: z.number().int().min(1).max(999).nullable(),
  since: instant,
  /** The change that began the break (absent from an older server: it loses a tie). */
  changeId: uuidV7.optional(),
});
export type BoardPause = z.infer<typeof boardPause>;

/** A counter whose latest change ended a break: when, and which change — what lets it undo a relayed pause it follows. */
export const boardResume = z.object({ counterId: z.string().min(1).max(64), changeId: uuidV7, at: instant });
export type BoardResume = z.infer<typeof boardResume>;

/**
 * A counter's break change as it travels to the display over the site network: the counter and
 * how the waiting room names it, the change's id and time, paused or not — not the clerk who made
 * it (the display shows no one's name; the server keeps who, from the counter's own post).
 */
export const boardPauseChange = z.object({
  changeId: uuidV7,
  counterId: z.string().min(1).max(64),
  counterName: z.string().max(80),
  counterNumber: z.number().int().min(1).max(999).nullable(),
  paused: z.boolean(),
  at: instant,
});
export type BoardPauseChange = z.infer<typeof boardPauseChange>;

/** A counter's notice of its own break change, named as its calls name it (its number, else `name`). */
export function pauseNotice(
  change: Pick<CounterPauseChange, 'id' | 'counterId' | 'paused' | 'at'>,
  counter: { number: number | null; name: string },
): BoardPauseChange {
  return boardPauseChange.parse({
    changeId: change.id,
    counterId: change.counterId,
    counterName: counter.number !== null ? `Quầy ${counter.number}` : counter.name,
    counterNumber: counter.number,
    paused: change.paused,
    at: change.at,
  });
}

/** Whether change `a` is newer than `b`: by time, then by id (a change without one loses). */
export const newerPauseChange = (a: Pick<BoardPauseChange, 'at' | 'changeId'>, b: Pick<BoardPauseChange, 'at' | 'changeId'>): boolean => {
  const dt = Date.parse(a.at) - Date.parse(b.at);
  return dt !== 0 ? dt > 0 : a.changeId > b.changeId;
};

/** `kept` with `change` in: the latest change per counter (a replayed or older change changes nothing). */
export function withPauseChange(kept: readonly BoardPauseChange[], change: BoardPauseChange): BoardPauseChange[] {
  const there = kept.find((k) => k.counterId === change.counterId);
  if (there && !newerPauseChange(change, there)) return [...kept];
  return [...kept.filter((k) => k.counterId !== change.counterId), change];
}

/**
 * Per counter, the latest break change the display knows of: the server's (a counter on a break,
 * or one that ended its last break) or a counter's relayed notice, whichever is newer.
 */
export function latestPauseChanges(
  server: { paused: readonly BoardPause[]; resumed: readonly BoardResume[] } | null,
  notices: readonly BoardPauseChange[],
): BoardPauseChange[] {
  const fromServer: BoardPauseChange[] = [
    ...(server?.paused ?? []).map((p) => ({
      changeId: p.changeId ?? '',
      counterId: p.counterId,
      counterName: p.counterName,
      counterNumber: p.counterNumber,
      paused: true,
      at: p.since,
    })),
    // A resumed counter's name is not needed: it is not shown.
    ...(server?.resumed ?? []).map((r) => ({ ...r, counterName: '', counterNumber: null, paused: false })),
  ];
  return [...fromServer, ...notices].reduce<BoardPauseChange[]>(withPauseChange, []);
}

/** The counters on a break from the latest changes, in the server's order: by number (none last), then id. */
export const pausedCounters = (latest: readonly BoardPauseChange[]): BoardPause[] =>
  latest
    .filter((c) => c.paused)
    .sort((a, b) => (a.counterNumber ?? 1000) - (b.counterNumber ?? 1000) || a.counterId.localeCompare(b.counterId))
    .map((c) => ({
      counterId: c.counterId,
      counterName: c.counterName,
      counterNumber: c.counterNumber,
      since: c.at,
      ...(c.changeId ? { changeId: c.changeId } : {}),
    }));
