import { z } from 'zod';
import { boardPauseChange } from '../../queue/board-pauses.ts';
import { boardCall } from '../../queue/call-board.ts';
import { instant, siteId } from '../../schemas/primitives.ts';

/**
 * The call board's path that does not need the server: when a counter calls a ticket, its page
 * also hands the call to its station's agent (`board.notify`), which sends it over the site's
 * network to the agents of the site's call displays (`boardNoticeEnvelope`, signed with the site's
 * board key — a secret the technician installs on the site's stations, like the pairing secrets —
 * so only the site's own stations can post); a display's agent pushes it to its page
 * (`board.notice`) and keeps today's latest, which a page that (re)connects asks for
 * (`board.notices`). The display merges these notices with the server's board by event id
 * (core's `foldBoard`). A counter's break and its end travel the same way (`board.notify-pause`,
 * `board.pause`): the display agent keeps each counter's latest change of today, and the display
 * weighs it against the server's (board-pauses.ts). Numbers and counters only: nothing personal
 * travels on the site network — not the clerk who took the break either.
 */
export const boardRequests = {
  'board.notify': {
    params: z.object({ call: boardCall }),
    /** How many display agents this station knows, and how many took the notice. */
    result: z.object({ peers: z.number().int().min(0), reached: z.number().int().min(0) }),
  },
  'board.notify-pause': {
    params: z.object({ pause: boardPauseChange }),
    result: z.object({ peers: z.number().int().min(0), reached: z.number().int().min(0) }),
  },
  'board.notices': {
    params: z.object({}),
    /** Today's latest calls; each counter's latest break change of today (absent from an older agent: none). */
    result: z.object({ calls: z.array(boardCall), pauses: z.array(boardPauseChange).default([]) }),
  },
} as const;

export const boardNoticeNotification = z.object({ type: z.literal('board.notice'), call: boardCall });
export type BoardNoticeNotification = z.infer<typeof boardNoticeNotification>;
/** A counter's break change a display agent had not known, pushed to its page. */
export const boardPauseNotification = z.object({ type: z.literal('board.pause'), pause: boardPauseChange });

/** The envelope's version: a display agent refuses one it does not know rather than guess. */
export const BOARD_ENVELOPE_VERSION = 1;

/**
 * What one agent posts to another over the site network (the body the site's board key signs):
 * a call or a break change, said by `kind`. A call from an agent older than the kinds carries
 * neither `kind` nor `v` and is read as a call (an older display agent reads a call of ours too,
 * and refuses a break change: it has no `call`).
 */
export const boardNoticeEnvelope = z.union([
  z.object({
    kind: z.literal('call').default('call'),
    v: z.literal(BOARD_ENVELOPE_VERSION).default(BOARD_ENVELOPE_VERSION),
    siteId,
    sentAt: instant,
    call: boardCall,
  }),
  z.object({ kind: z.literal('pause'), v: z.literal(BOARD_ENVELOPE_VERSION), siteId, sentAt: instant, pause: boardPauseChange }),
]);
export type BoardNoticeEnvelope = z.infer<typeof boardNoticeEnvelope>;

/** The header that carries the HMAC-SHA256 of the body, base64url. */
export const BOARD_MAC_HEADER = 'x-dangky-board-mac';
/** A notice older or newer than this is refused: a replayed notice can at worst re-show a recent call or change. */
export const BOARD_NOTICE_MAX_SKEW_MS = 10 * 60_000;

export const boardNoticeFresh = (sentAt: string, now: Date): boolean =>
  Math.abs(now.getTime() - Date.parse(sentAt)) <= BOARD_NOTICE_MAX_SKEW_MS;
