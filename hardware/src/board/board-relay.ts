import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debuglog } from 'node:util';
import {
  BOARD_MAC_HEADER,
  boardNoticeEnvelope,
  boardNoticeFresh,
  type AgentNotification,
  type BoardNoticeEnvelope,
} from '@dangky/core/agent';
import type { BoardCall } from '@dangky/core/queue';
import type { AgentHandlers } from '../agent/server.ts';

/**
 * The call board's way around the server (core/src/agent/messages/board.ts): a counter station's
 * agent posts each call its page hands it to the site's display agents (`peers`), over plain HTTP
 * on the site's network, the body signed with the site's board key (HMAC-SHA256); a display
 * station's agent listens (`listen`, an address of the site network — the WebSocket for pages
 * stays on 127.0.0.1), checks the signature, the site and the time, keeps today's latest calls
 * and pushes each new one to its page. A wrong or missing signature is 401 and nothing is kept:
 * only a station holding the site's key can put a number on the screen. Logs carry ticket-free
 * outcomes only.
 */
const log = debuglog('hardware:board');

export const BOARD_NOTICE_PATH = '/board/notice';
/** Calls a display agent keeps for a page that (re)connects. */
const KEPT = 50;
const MAX_BODY_BYTES = 4 * 1024;
const PEER_TIMEOUT_MS = 2_000;

export interface BoardRelayOptions {
  siteId: string;
  /** The site's board key (at least 32 bytes). */
  key: Buffer;
  /** Display stations: where to listen for the site's counters. */
  listen?: { host: string; port: number };
  /** Counter stations: the site's display agents, `http://host:port`. */
  peers: string[];
  now?: () => Date;
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
  const listeners = new Set<(n: AgentNotification) => void>();

  const keep = (call: BoardCall): void => {
    if (kept.has(call.eventId)) return;
    kept.set(call.eventId, call);
    for (const id of [...kept.keys()].slice(0, Math.max(0, kept.size - KEPT))) kept.delete(id);
    for (const listener of listeners) listener({ type: 'board.notice', call });
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
    keep(envelope.call);
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

  /** Posts one call to every display agent of the site; resolves with how many took it. */
  const notify = async (call: BoardCall): Promise<{ peers: number; reached: number }> => {
    const body = JSON.stringify({ siteId: options.siteId, sentAt: now().toISOString(), call } satisfies BoardNoticeEnvelope);
    const headers = { 'content-type': 'application/json', [BOARD_MAC_HEADER]: boardMac(options.key, body) };
    const sent = await Promise.all(
      options.peers.map((peer) =>
        fetch(new URL(BOARD_NOTICE_PATH, peer), { method: 'POST', headers, body, signal: AbortSignal.timeout(PEER_TIMEOUT_MS) }).then(
          (r) => r.status === 204,
          () => false,
        ),
      ),
    );
    const reached = sent.filter(Boolean).length;
    log('notice sent to %d of %d display agents', reached, options.peers.length);
    return { peers: options.peers.length, reached };
  };

  return {
    handlers: {
      'board.notify': ({ call }) => notify(call),
      'board.notices': async () => ({ calls: [...kept.values()] }),
    },
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    url,
    close: () => (server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve()),
  };
}
