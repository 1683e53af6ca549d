import { existsSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import type { WebSocketConstructor } from '@dangky/core/agent';

/** Shared by the agent's tests: sockets that send an Origin, raw frames, the simulator's paper. */

export const ORIGIN = 'http://127.0.0.1:4101';
export const SECRET = 'pairing-secret-for-tests-0123456789';

/** `ws` with a fixed Origin header, as a browser page on `origin` would send. */
export function wsFrom(origin: string): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };
}

export interface RawSocket {
  ws: WebSocket;
  opened: Promise<void>;
  /** The close code the agent (or the transport) ended the socket with. */
  closed: Promise<number>;
  /** The next frame not yet taken, parsed. */
  next(timeoutMs?: number): Promise<unknown>;
  send(frame: unknown): void;
  hello(secret?: string): Promise<unknown>;
}

/** `origin: null` sends no Origin header (a non-browser client). */
export function rawSocket(url: string, origin: string | null = ORIGIN): RawSocket {
  const ws = new WebSocket(url, origin === null ? {} : { origin });
  const frames: unknown[] = [];
  const waiters: ((frame: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const frame: unknown = JSON.parse(data.toString());
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  ws.on('error', () => undefined);
  const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const next = (timeoutMs = 3_000) =>
    frames.length > 0
      ? Promise.resolve(frames.shift())
      : new Promise<unknown>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no frame')), timeoutMs);
          waiters.push((frame) => {
            clearTimeout(timer);
            resolve(frame);
          });
        });
  const send = (frame: unknown) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  return {
    ws,
    opened,
    closed,
    next,
    send,
    async hello(secret = SECRET) {
      await opened;
      send({ type: 'hello', protocol: 1, pairingSecret: secret, client: 'test' });
      return next();
    },
  };
}

export interface LoggedTicket {
  lines: string[];
  qrPayload: string | null;
  bytes: number;
}

export async function readTickets(logFile: string, count: number, timeoutMs = 3_000): Promise<LoggedTicket[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const tickets = existsSync(logFile)
      ? readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as LoggedTicket)
      : [];
    if (tickets.length >= count || Date.now() > until) return tickets;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function until(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
