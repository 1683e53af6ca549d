import { z } from 'zod';
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
 * (core's `foldBoard`). Numbers and counters only: nothing personal travels on the site network.
 */
export const boardRequests = {
  'board.notify': {
    params: z.object({ call: boardCall }),
    /** How many display agents this station knows, and how many took the notice. */
    result: z.object({ peers: z.number().int().min(0), reached: z.number().int().min(0) }),
  },
  'board.notices': { params: z.object({}), result: z.object({ calls: z.array(boardCall) }) },
} as const;

export const boardNoticeNotification = z.object({ type: z.literal('board.notice'), call: boardCall });
export type BoardNoticeNotification = z.infer<typeof boardNoticeNotification>;

/** What one agent posts to another over the site network (the body the site's board key signs). */
export const boardNoticeEnvelope = z.object({ siteId, sentAt: instant, call: boardCall });
export type BoardNoticeEnvelope = z.infer<typeof boardNoticeEnvelope>;

/** The header that carries the HMAC-SHA256 of the body, base64url. */
export const BOARD_MAC_HEADER = 'x-dangky-board-mac';
/** A notice older or newer than this is refused: a replayed notice can at worst re-show a recent call. */
export const BOARD_NOTICE_MAX_SKEW_MS = 10 * 60_000;

export const boardNoticeFresh = (sentAt: string, now: Date): boolean =>
  Math.abs(now.getTime() - Date.parse(sentAt)) <= BOARD_NOTICE_MAX_SKEW_MS;
