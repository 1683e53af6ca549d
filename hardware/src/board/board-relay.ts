import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debuglog } from 'node:util';
import {
  BOARD_ENVELOPE_VERSION,
  BOARD_MAC_HEADER,
  BOARD_NOTICE_MAX_SKEW_MS,
  boardNoticeEnvelope,
  boardNoticeFresh,
  type AgentNotification,
  type BoardNoticeEnvelope,
} from '@dangky/core/agent';
import { ANNOUNCE_SLACK_MS, withPauseChange, type BoardCall, type BoardPauseChange } from '@dangky/core/queue';
import { hcmDay } from '@dangky/core/time';
import type { AgentHandlers } from '../agent/server.ts';

/**
 * The call board's way around the server (core/src/agent/messages/board.ts): a counter station's
 * agent posts each call its page hands it to the site's display agents (`peers`), over plain HTTP
 * on the site's network, the body signed with the site's board key (HMAC-SHA256); a display
 * station's agent listens (`listen`, an address of the site network — the WebSocket for pages
 * stays on 127.0.0.1), checks the signature, the site and the time, keeps today's latest calls
 * and pushes each new one to its page. A counter's break and its end travel the same way, in the
 * same envelope under the same key (`kind: 'pause'`): the display agent keeps each counter's
 * latest change of today (a replayed or older change changes nothing; a change not of today, or
 * dated past the clock window, is refused) and pushes it when it is new. A display agent that was
 * down when a notice was sent gets it when it is back: the counter's agent tries it again every few
 * seconds — a call for as long as a display still announces it, a break change all day. A wrong or missing signature is 401 and nothing is kept:
 * only a station holding the site's key can put a number on the screen. Logs carry ticket-free
 * outcomes only.
 */
const log = debuglog('hardware:board');

export const BOARD_NOTICE_PATH = '/board/notice';
/** Calls a display agent keeps for a page that (re)connects. */
const KEPT = 50;
/** Counters whose latest break change a display agent keeps (a site has far fewer). */
const KEPT_COUNTERS = 200;
const MAX_BODY_BYTES = 4 * 1024;
const PEER_TIMEOUT_MS = 2_000;
/** How often a counter's agent tries again the display agents it could not reach. */
const RETRY_EVERY_MS = 5_000;
/** Notices a counter's agent keeps for one display agent it cannot reach. */
const OWED_MAX = 50;

type Notice = { kind: 'call'; call: BoardCall } | { kind: 'pause'; pause: BoardPauseChange };
/** A later notice with the same key replaces an owed one: a call is sent once, a counter's break state only as it is now. */
const noticeKey = (n: Notice): string => (n.kind === 'call' ? `call:${n.call.eventId}` : `pause:${n.pause.counterId}`);
/**
 * Whether an owed notice is still worth delivering: a call while a display still announces it (a
 * little later the clerk has called again, and an old number read out only confuses the room); a
 * break change all day, since the display shows whether the counter serves.
 */
const stillWorth = (n: Notice, now: Date): boolean =>
  n.kind === 'call' ? now.getTime() - Date.parse(n.call.calledAt) <= ANNOUNCE_SLACK_MS : hcmDay(n.pause.at) === hcmDay(now);

export interface BoardRelayOptions {
  siteId: string;
  /** The site's board key (at least 32 bytes). */
  key: Buffer;
  /** Display stations: where to listen for the site's counters. */
  listen?: { host: string; port: number };
  /** Counter stations: the site's display agents, `http://host:port`. */
  peers: string[];
  now?: () => Date;
  /** How often to try again the display agents that could not be reached (5 s unless told). */
  retryEveryMs?: number;
}

export interface BoardRelay {
  handlers: AgentHandlers;
  onNotification(listener: (notification: AgentNotification) => void): () => void;
  /** `http://host:port` it listens on, or null. */
  url: string | null;
  close(): Promise<void>;
}

export const boardMac = (key: Buffer, body: string): string => createHmac('sha256', key).update(body).digest('base64url');

function macMatches(key: Buffer, body: string, mac: string | undefined): boolean {
  if (!mac) return false;
  const expected = Buffer.from(boardMac(key, body));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startBoardRelay(options: BoardRelayOptions): Promise<BoardRelay> {
  if (options.key.length < 32) throw new RangeError('board relay: the site board key must be at least 32 bytes');
  const now = options.now ?? (() => new Date());
  const kept = new Map<string, BoardCall>();
  let pauses: BoardPauseChange[] = [];
  const listeners = new Set<(n: AgentNotification) => void>();
  const push = (notification: AgentNotification): void => {
    for (const listener of listeners) listener(notification);
  };
  /** Each counter's latest break change of today (a day's changes end with the day). */
  const todaysPauses = (): BoardPauseChange[] => pauses.filter((p) => hcmDay(p.at) === hcmDay(now()));

  const keep = (call: BoardCall): void => {
    if (kept.has(call.eventId)) return;
    kept.set(call.eventId, call);
    for (const id of [...kept.keys()].slice(0, Math.max(0, kept.size - KEPT))) kept.delete(id);
    push({ type: 'board.notice', call });
  };

  /** Whether the change was kept (today's, not later than the clock window allows); pushed when it is news. */
  const keepPause = (pause: BoardPauseChange): boolean => {
    const t = now();
    if (hcmDay(pause.at) !== hcmDay(t) || Date.parse(pause.at) - t.getTime() > BOARD_NOTICE_MAX_SKEW_MS) return false;
    const before = todaysPauses();
    pauses = withPauseChange(before, pause).slice(-KEPT_COUNTERS);
    if (!pauses.includes(pause)) return true;
    push({ type: 'board.pause', pause });
    return true;
  };

  const receive = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const answer = (status: number): void => {
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    };
    if (request.method !== 'POST' || (request.url ?? '').split('?')[0] !== BOARD_NOTICE_PATH) return answer(404);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) return answer(413);
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const mac = request.headers[BOARD_MAC_HEADER];
    if (!macMatches(options.key, body, typeof mac === 'string' ? mac : undefined)) {
      log('refused a notice: signature');
      return answer(401);
    }
    let envelope: BoardNoticeEnvelope;
    try {
      envelope = boardNoticeEnvelope.parse(JSON.parse(body));
    } catch {
      return answer(400);
    }
    if (envelope.siteId !== options.siteId || !boardNoticeFresh(envelope.sentAt, now())) {
      log('refused a notice: other site or stale');
      return answer(403);
    }
    if (envelope.kind === 'pause') {
      if (!keepPause(envelope.pause)) {
        log('refused a break change: not of today');
        return answer(403);
      }
    } else keep(envelope.call);
    answer(204);
  };

  let url: string | null = null;
  const server = options.listen ? createServer((req, res) => void receive(req, res).catch(() => res.destroy())) : null;
  if (server && options.listen) {
    const { host, port } = options.listen;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    url = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  /**
   * Posts one notice to one display agent: `taken`; `refused` (the agent answered and will never
   * take it — a signature, a site, a day — so it is not sent again); or `unreached` (down, busy,
   * unreachable: owed, and sent again).
   */
  const post = async (peer: string, notice: Notice): Promise<'taken' | 'refused' | 'unreached'> => {
    const envelope = {
      ...notice,
      v: BOARD_ENVELOPE_VERSION,
      siteId: options.siteId,
      sentAt: now().toISOString(),
    } satisfies BoardNoticeEnvelope;
    const body = JSON.stringify(envelope);
    const headers = { 'content-type': 'application/json', [BOARD_MAC_HEADER]: boardMac(options.key, body) };
    try {
      const r = await fetch(new URL(BOARD_NOTICE_PATH, peer), {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(PEER_TIMEOUT_MS),
      });
      return r.status === 204 ? 'taken' : r.status >= 500 ? 'unreached' : 'refused';
    } catch {
      return 'unreached';
    }
  };

  /**
   * What each display agent missed while it was down: a display that comes back learns of the
   * calls and breaks made meanwhile, in the order they were made, without the server (a booth
   * without internet has no other way to tell it).
   */
  const owed = new Map<string, Map<string, Notice>>(options.peers.map((peer) => [peer, new Map()]));
  const settle = (peer: string, notice: Notice, outcome: 'taken' | 'refused' | 'unreached'): void => {
    const list = owed.get(peer)!;
    const key = noticeKey(notice);
    list.delete(key);
    if (outcome !== 'unreached') return;
    list.set(key, notice);
    for (const old of [...list.keys()].slice(0, Math.max(0, list.size - OWED_MAX))) list.delete(old);
  };

  /** Posts one notice to every display agent of the site; resolves with how many took it. */
  const send = async (notice: Notice) => {
    const outcomes = await Promise.all(
      options.peers.map(async (peer) => {
        const outcome = await post(peer, notice);
        settle(peer, notice, outcome);
        return outcome;
      }),
    );
    const reached = outcomes.filter((o) => o === 'taken').length;
    log('%s notice sent to %d of %d display agents', notice.kind, reached, options.peers.length);
    return { peers: options.peers.length, reached };
  };

  let retrying = false;
  const retry = async (): Promise<void> => {
    if (retrying) return;
    retrying = true;
    try {
      for (const [peer, list] of owed) {
        for (const [key, notice] of [...list]) {
          if (!stillWorth(notice, now())) {
            list.delete(key);
            continue;
          }
          const outcome = await post(peer, notice);
          // Still down: this one and the rest wait, in their order, for the next round.
          if (outcome === 'unreached') break;
          // A newer notice with the same key may have replaced it meanwhile: that one stays owed.
          if (list.get(key) === notice) list.delete(key);
          if (outcome === 'taken') log('owed %s notice delivered', notice.kind);
        }
      }
    } finally {
      retrying = false;
    }
  };
  const retryTimer = options.peers.length > 0 ? setInterval(() => void retry(), options.retryEveryMs ?? RETRY_EVERY_MS) : null;
  retryTimer?.unref();

  return {
    handlers: {
      'board.notify': ({ call }) => send({ kind: 'call', call }),
      'board.notify-pause': ({ pause }) => send({ kind: 'pause', pause }),
      'board.notices': async () => ({ calls: [...kept.values()], pauses: todaysPauses() }),
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    url,
    close: () => {
      if (retryTimer) clearInterval(retryTimer);
      return server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    },
  };
}
