import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { debuglog } from 'node:util';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import {
  agentCloseCodes,
  agentNotification,
  agentRequest,
  agentRequests,
  hello,
  isAgentRequestType,
  type AgentNotification,
  type AgentParsedParams,
  type AgentReply,
  type AgentRequestType,
  type AgentResult,
  type DeviceStatus,
} from '@dangky/core/agent';
import { DangkyError, errorCodeOf, errorBody, errorRegistry, type ErrorCode } from '@dangky/core/errors';
import type { PairingVault } from '../keys/pairing-vault.ts';
import type { AgentDevice } from './device.ts';
import { secretsMatch } from './pairing.ts';

/**
 * The hardware agent's one port on 127.0.0.1: `GET /healthz` over plain HTTP (for the start
 * script and the technician; device states only, never a secret) and the WebSocket the pages
 * talk to (protocol in @dangky/core/agent). Security, in the order a connection meets it:
 *
 * 1. The `Origin` header must be exactly one of `origins`, else the socket is closed with 4403
 *    before any frame is read. No Origin (a non-browser client that did not say) is refused too.
 * 2. The first frame must be a `hello` carrying the pairing secret within `helloTimeoutMs`,
 *    else 4401. Until then nothing else is read and no device status is sent. With a `vault`,
 *    the secret may come sealed (`sealedPairing`, as this agent sealed it in an earlier
 *    `welcome`), and every `welcome` carries it sealed afresh for the page to keep.
 * 3. Every later frame is a request envelope; text that is not JSON, binary or oversized frames,
 *    and JSON that is not an envelope close the socket with 4400. A well-formed envelope always
 *    gets exactly one reply, an error reply when its type is unknown or its params are wrong.
 *
 * Logs (NODE_DEBUG=hardware:agent) carry request ids, types and outcome codes, never params
 * (a ticket may name a person's service) and never the pairing secret.
 */

const log = debuglog('hardware:agent');

/** Largest frame the protocol allows; a larger one closes the socket with 4400. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The transport cap (ws `maxPayload`): beyond it ws drops the socket with 1009 without buffering more. */
const TRANSPORT_MAX_BYTES = 2 * MAX_FRAME_BYTES;

/**
 * `signal`: the request was given up — its deadline passed or the page went away (socket closed).
 * `deadline`: only its deadline passed; work the page can pick up again after a reload (a
 * journaled token issuance) follows this one instead.
 */
export interface AgentHandlerContext {
  signal: AbortSignal;
  deadline: AbortSignal;
}
export type AgentHandler<T extends AgentRequestType> = (
  params: AgentParsedParams<T>,
  context: AgentHandlerContext,
) => Promise<AgentResult<T>>;
/** One handler per request type this agent serves; a type without one answers DK_ERR_AGENT_NO_DEVICE. */
export type AgentHandlers = { [T in AgentRequestType]?: AgentHandler<T> };

export interface StartAgentOptions {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Default 127.0.0.1: the agent is for the pages on this machine only. */
  host?: string;
  stationId: string;
  /** Exact page origins allowed to connect, e.g. `http://127.0.0.1:4101`. */
  origins: string[];
  pairingSecret: string;
  /** Seals the pairing secret for the page to keep (the agent's key store); without it only the clear secret is accepted. */
  vault?: PairingVault;
  /** Devices whose status is served and pushed. The caller owns them (opens and closes them). */
  devices: AgentDevice[];
  /** `devices.list` is built in; the rest route to devices. */
  handlers?: AgentHandlers;
  /** What else pushes notifications to the paired pages (the call board's relay). */
  notifiers?: Required<Pick<AgentDevice, 'onNotification'>>[];
  /** Time for the first frame (`hello`), ms. Default 5,000. */
  helloTimeoutMs?: number;
  /** Deadline for one request, ms; past it the reply is DK_ERR_AGENT_TIMEOUT. Default 30,000. */
  requestTimeoutMs?: number;
  /** Deadlines of request types that take longer (e.g. `token.issue`: key generation on a real token), ms. */
  requestTimeoutsMs?: Partial<Record<AgentRequestType, number>>;
  /** Reported in `welcome`. Default the hardware package's version. */
  agentVersion?: string;
}

export interface RunningAgent {
  /** `ws://host:port` */
  url: string;
  port: number;
  /** Closes every socket (1001) and the port. Does not close the devices. */
  close(): Promise<void>;
}

const AGENT_VERSION = '0.1.0';

type AnyHandler = (params: unknown, context: AgentHandlerContext) => Promise<unknown>;

/** Path and codes of schema issues, never the values (they may be personal). */
const describeIssues = (issues: readonly { path: readonly PropertyKey[]; code: string }[]): string =>
  issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.code}`)
    .join('; ');

const failure = (id: string, code: ErrorCode, message: string = errorRegistry[code].en): AgentReply => ({
  id,
  ok: false,
  error: { code, message },
});

const frameBytes = (data: RawData): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
const frameText = (data: RawData): string =>
  (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)).toString('utf8');

export async function startAgent(options: StartAgentOptions): Promise<RunningAgent> {
  const host = options.host ?? '127.0.0.1';
  const helloTimeoutMs = options.helloTimeoutMs ?? 5_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const allowed = new Set(options.origins);
  const { devices, stationId } = options;
  const table: Partial<Record<AgentRequestType, AnyHandler>> = {
    'devices.list': async () => ({ devices: devices.map((d) => d.status()) }),
    ...(options.handlers as Partial<Record<AgentRequestType, AnyHandler>> | undefined),
  };
  const paired = new Set<WebSocket>();

  const healthz = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    const found = path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD');
    const body = found ? { status: 'ok', stationId, devices: devices.map((d) => d.status()) } : errorBody('DK_ERR_NOT_FOUND');
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
  };

  const server = createServer(healthz);
  const wss = new WebSocketServer({ server, maxPayload: TRANSPORT_MAX_BYTES, perMessageDeflate: false });

  const send = (socket: WebSocket, message: unknown) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  const dispatch = async (id: string, type: string, params: unknown, signal: AbortSignal): Promise<AgentReply> => {
    if (!isAgentRequestType(type)) return failure(id, 'DK_ERR_AGENT_MESSAGE_INVALID', 'unknown request type');
    const spec = agentRequests[type];
    const parsed = spec.params.safeParse(params);
    if (!parsed.success) return failure(id, 'DK_ERR_AGENT_MESSAGE_INVALID', `invalid params: ${describeIssues(parsed.error.issues)}`);
    const handler = table[type];
    if (!handler) return failure(id, 'DK_ERR_AGENT_NO_DEVICE');
    const controller = new AbortController();
    const overdue = new AbortController();
    const stop = () => controller.abort();
    signal.addEventListener('abort', stop);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeoutMs = options.requestTimeoutsMs?.[type] ?? requestTimeoutMs;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        overdue.abort();
        reject(new DangkyError('DK_ERR_AGENT_TIMEOUT', { detail: { type, timeoutMs } }));
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([handler(parsed.data, { signal: controller.signal, deadline: overdue.signal }), deadline]);
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        console.error(
          `hardware:agent: the ${type} handler returned a result outside the protocol: ${describeIssues(checked.error.issues)}`,
        );
        return failure(id, 'DK_ERR_INTERNAL');
      }
      return { id, ok: true, result: checked.data };
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'DK_ERR_INTERNAL') console.error(`hardware:agent: the ${type} handler failed unexpectedly`, error);
      return failure(id, code);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  };

  wss.on('connection', (socket, request) => {
    socket.on('error', (error) => log('socket error %s', error.message));
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) {
      log('refused origin %s', origin ?? '(none)');
      socket.close(agentCloseCodes.originRefused, 'origin not allowed');
      return;
    }
    const inFlight = new AbortController();
    let isPaired = false;
    const helloTimer = setTimeout(() => {
      log('no hello from %s', origin);
      socket.close(agentCloseCodes.pairingFailed, 'no hello');
    }, helloTimeoutMs);
    const protocolError = (why: string) => {
      log('protocol error from %s: %s', origin, why);
      socket.close(agentCloseCodes.protocolError, why);
    };

    socket.on('message', (data, isBinary) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (isBinary) return protocolError('binary frame');
      if (frameBytes(data) > MAX_FRAME_BYTES) return protocolError('frame too large');
      let frame: unknown;
      try {
        frame = JSON.parse(frameText(data));
      } catch {
        return protocolError('not JSON');
      }
      if (!isPaired) {
        clearTimeout(helloTimer);
        const greeting = hello.safeParse(frame);
        const offered = !greeting.success
          ? null
          : 'pairingSecret' in greeting.data
            ? greeting.data.pairingSecret
            : (options.vault?.open(greeting.data.sealedPairing) ?? null);
        if (!greeting.success || offered === null || !secretsMatch(options.pairingSecret, offered)) {
          log('pairing refused for %s', origin);
          socket.close(agentCloseCodes.pairingFailed, 'pairing refused');
          return;
        }
        isPaired = true;
        paired.add(socket);
        log('paired %s client from %s', greeting.data.client, origin);
        send(socket, {
          type: 'welcome',
          agentVersion: options.agentVersion ?? AGENT_VERSION,
          stationId,
          devices: devices.map((d) => d.status()),
          ...(options.vault ? { sealedPairing: options.vault.seal(options.pairingSecret) } : {}),
        });
        return;
      }
      const envelope = agentRequest.safeParse(frame);
      if (!envelope.success) return protocolError('not a request');
      const { id, type, params } = envelope.data;
      void dispatch(id, type, params, inFlight.signal).then((reply) => {
        log('request %s %s → %s', id, type, reply.ok ? 'ok' : reply.error.code);
        send(socket, reply);
      });
    });

    socket.on('close', (code) => {
      clearTimeout(helloTimer);
      paired.delete(socket);
      inFlight.abort();
      log('closed %s (%d)', origin, code);
    });
  });

  const broadcast = (message: AgentNotification) => {
    for (const socket of paired) send(socket, message);
  };
  // Checked like every frame the pages get: a device event outside the protocol is not sent.
  const forward = (event: AgentNotification) =>
    agentNotification.safeParse(event).success ? broadcast(event) : log('dropped a %s event outside the protocol', event.type);
  const unsubscribes = [
    ...devices.flatMap((device) => [
      device.onStatus((status: DeviceStatus) => broadcast({ type: 'device.status', device: status })),
      ...(device.onNotification ? [device.onNotification(forward)] : []),
    ]),
    ...(options.notifiers ?? []).map((source) => source.onNotification(forward)),
  ];

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log('listening on %s:%d for %s', host, port, stationId);

  let closing: Promise<void> | undefined;
  return {
    url: `ws://${host}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        for (const unsubscribe of unsubscribes) unsubscribe();
        const open = [...wss.clients].filter((s) => s.readyState !== WebSocket.CLOSED);
        const closed = Promise.all(open.map((s) => new Promise((resolve) => s.once('close', resolve))));
        for (const socket of open) socket.close(1001, 'agent stopping');
        // Give pages a moment to answer the close handshake, then drop whoever did not.
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
        for (const socket of wss.clients) socket.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}
