import { z } from 'zod';
import { instant, siteId } from '../schemas/primitives.ts';
import { ticket } from '../schemas/ticket.ts';
import { announcement, CHIME, type Announcement } from './announcement.ts';
import { boardPause, boardResume, latestPauseChanges, pausedCounters, type BoardPause, type BoardPauseChange } from './board-pauses.ts';
import { deskService } from './desk.ts';
import { boardWait } from './desk-waits.ts';

/**
 * The waiting room's board: what a call display shows and says. Numbers, counters and counts —
 * never a name, an ID number or a phone. One call is one `registration.called` event (a recall is
 * a new call of the same ticket, announced again), named by the event's id so the server's board
 * and the notices a counter sends over the site's network (when the server is out of reach) are
 * merged without saying a call twice.
 */
export const boardCall = z.object({
  /** The `registration.called` event's id. */
  eventId: z.string().min(1).max(64),
  ticketNumber: ticket.shape.number,
  counterId: z.string().min(1).max(64),
  /** The counter's name as enrolled ("Quầy 2"), shown when the site gave the counter no number. */
  counterName: z.string().max(80),
  /** The number the waiting room sees ("→ Quầy 2"), when the site gave the counter one. */
  counterNumber: z.number().int().min(1).max(999).nullable(),
  calledAt: instant,
  /** The citizen's language at the kiosk: English adds the English announcement. */
  language: z.enum(['vi', 'en']),
  /** The ticket was called before (announced again). */
  recall: z.boolean(),
});
export type BoardCall = z.infer<typeof boardCall>;

export const BOARD_RECENT_CALLS = 8;

export const callBoard = z.object({
  siteId,
  /** The server's time when it read the board. */
  at: instant,
  /** The tickets being served now (called, no outcome yet): each one's latest call, newest first. */
  current: z.array(boardCall).max(200),
  /** Today's latest calls, newest first, recalls included. */
  recent: z.array(boardCall).max(BOARD_RECENT_CALLS),
  /**
   * Tickets waiting per desk (desks with none are left out), with about how long a ticket taken
   * now would wait (`desk-waits.ts`): `null` when no counter serves the desk now; absent from an
   * older server.
   */
  waiting: z.array(z.object({ desk: deskService, count: z.number().int().min(0), wait: boardWait.nullable().optional() })),
  /** Counters on a break now (counter-pause.ts); absent from an older server: none. */
  paused: z.array(boardPause).max(200).default([]),
  /** Counters whose latest change ended a break (board-pauses.ts); absent from an older server: none. */
  resumed: z.array(boardResume).max(200).default([]),
});
export type CallBoard = z.infer<typeof callBoard>;

const newestFirst = (a: BoardCall, b: BoardCall): number => b.calledAt.localeCompare(a.calledAt) || b.eventId.localeCompare(a.eventId);

/** The board as the display shows it (`foldBoard`). */
export type FoldedBoard = Omit<CallBoard, 'siteId' | 'at' | 'resumed'>;

/**
 * The board as the display shows it: the server's board, with the call notices the site's
 * counters sent directly (`notices`) that the server does not know yet — a call made while the
 * server is out of reach. A notice makes its ticket current at its counter: a counter serves one
 * ticket at a time, so an older ticket current at that counter (or the same ticket elsewhere)
 * gives way. Once the server's board holds a call (same event id), its version wins: the server
 * also knows when the ticket was finished. Without a server board yet, the notices alone.
 * The counters on a break are the server's merged with the break changes the counters sent
 * (`pauseNotices`), the newer change per counter winning (board-pauses.ts).
 */
export function foldBoard(
  server: CallBoard | null,
  notices: readonly BoardCall[],
  pauseNotices: readonly BoardPauseChange[] = [],
): FoldedBoard {
  const changes = latestPauseChanges(server, pauseNotices);
  const known = new Set([...(server?.current ?? []), ...(server?.recent ?? [])].map((c) => c.eventId));
  let current = [...(server?.current ?? [])];
  const recent = [...(server?.recent ?? [])];
  // Older than the server's last calls (a full list), a notice is history either way: were it the
  // server's, it would have fallen off the list — and its ticket may long be served.
  const horizon = server && server.recent.length >= BOARD_RECENT_CALLS ? server.recent.at(-1)!.calledAt : null;
  const fresh = notices
    .filter((n) => !known.has(n.eventId) && (horizon === null || n.calledAt > horizon))
    .sort((a, b) => -newestFirst(a, b));
  const seen = new Set<string>();
  for (const n of fresh) {
    if (seen.has(n.eventId)) continue;
    seen.add(n.eventId);
    recent.push(n);
    const older = current.find((c) => c.counterId === n.counterId || c.ticketNumber === n.ticketNumber);
    if (older && newestFirst(older, n) < 0) continue;
    current = current.filter((c) => c.counterId !== n.counterId && c.ticketNumber !== n.ticketNumber);
    current.push(n);
  }
  return {
    // A counter on a break serves nobody: a call it made before the break began is not shown as
    // served there (its end may reach the server after the break, which the counter posts first).
    // Nor after the break ended: a break begins only once nobody is served at the counter, so a
    // call made before any change of its break — a pause or the resume — was finished by then.
    current: servedNow(
      current,
      changes.map((c) => ({ counterId: c.counterId, since: c.at })),
    ).sort(newestFirst),
    recent: recent.sort(newestFirst).slice(0, BOARD_RECENT_CALLS),
    waiting: server?.waiting ?? [],
    paused: pausedCounters(changes),
  };
}

/** The calls still being served: not one made by a counter before its current break began. */
export const servedNow = (current: readonly BoardCall[], paused: readonly Pick<BoardPause, 'counterId' | 'since'>[]): BoardCall[] =>
  current.filter((c) => !paused.some((p) => p.counterId === c.counterId && Date.parse(p.since) >= Date.parse(c.calledAt)));

/**
 * The calls to announce now, oldest first: those on the board not announced yet (`announced`:
 * what this display said) and made since `since` — a display that opens does not read out the
 * morning again, whether the server's board or a counter's notice reaches it first.
 */
export function callsToAnnounce(board: Pick<CallBoard, 'current' | 'recent'>, announced: ReadonlySet<string>, since: string): BoardCall[] {
  const byId = new Map([...board.current, ...board.recent].map((c) => [c.eventId, c]));
  const from = Date.parse(since);
  return [...byId.values()].filter((c) => !announced.has(c.eventId) && Date.parse(c.calledAt) >= from).sort((a, b) => -newestFirst(a, b));
}

/** How long before it opened a display still announces a call: a counter's clock may run a little behind. */
export const ANNOUNCE_SLACK_MS = 2 * 60_000;

/**
 * A counter's notice of its own call, sent over the site network to the display (see
 * core/src/agent/messages/board.ts): from the `registration.called` event it recorded and the
 * registration as it stood before the call (called before: a recall). The counter names itself
 * by its number when the site gave it one, else by `name`.
 */
export function callNotice(
  event: { id: string; occurredAt: string; payload: { counterId: string } },
  before: { calledAt: string | null; draft: { ticket: { number: string }; language: 'vi' | 'en' } },
  counter: { number: number | null; name: string },
): BoardCall {
  return boardCall.parse({
    eventId: event.id,
    ticketNumber: before.draft.ticket.number,
    counterId: event.payload.counterId,
    counterName: counter.number !== null ? `Quầy ${counter.number}` : counter.name,
    counterNumber: counter.number,
    calledAt: event.occurredAt,
    language: before.draft.language,
    recall: before.calledAt !== null,
  });
}

/**
 * The counter's number the waiting room hears: the site's number for it, or — for a counter given
 * none — the number its name ends with ("Quầy 2" → 2), which is what the board shows.
 */
export function counterNumberOf(call: Pick<BoardCall, 'counterNumber' | 'counterName'>): number | null {
  if (call.counterNumber !== null) return call.counterNumber;
  const m = /(?:^|\D)(\d{1,3})\s*$/.exec(call.counterName);
  const n = m ? Number(m[1]) : 0;
  return n >= 1 ? n : null;
}

/**
 * What the display says for a call: the chime and the announcement (English too when the citizen
 * chose it). A counter with no number to read gets the chime alone — the board still shows where.
 */
export function callAnnouncement(call: BoardCall): Announcement {
  const counterNumber = counterNumberOf(call);
  if (counterNumber === null) return { segments: [CHIME], text: { vi: '', en: null } };
  return announcement({ ticketNumber: call.ticketNumber, counterNumber, language: call.language });
}
