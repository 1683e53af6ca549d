import { DangkyError, isErrorCode } from '../errors/index.ts';
import { tokenIssueDeadlines } from './messages/token.ts';
import {
  agentCloseCodes,
  agentNotification,
  agentReply,
  agentRequests,
  welcome,
  AGENT_PROTOCOL_VERSION,
  type AgentNotification,
  type AgentParams,
  type AgentRequestType,
  type AgentResult,
  type DeviceStatus,
} from './protocol.ts';

/**
 * The page's side of the hardware agent protocol (kiosk, counter, tests). Pure: it takes the
 * WebSocket constructor by injection (the browser's by default; Node tests pass `ws`), so core
 * stays free of `node:*` and of the DOM library.
 *
 * It connects on first use, sends `hello`, and waits for `welcome` before sending requests. When
 * the socket drops it reconnects with a doubling backoff, except when the agent refused the
 * pairing (4401) or the page's origin (4403): retrying cannot help, so the client stops and every
 * request fails with DK_ERR_AGENT_PAIRING / DK_ERR_AGENT_ORIGIN until the page is re-paired.
 * Every incoming frame is parsed with the protocol schemas; one that does not parse drops the
 * connection (and reconnects) rather than being half-trusted.
 */

/** The part of a WebSocket the client uses; the browser's and `ws`'s both fit. Event types are left to the implementation. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type AgentClientState = 'idle' | 'connecting' | 'ready' | 'closed';

/**
 * A request whose deadline follows its progress: it fails when no `notification` arrives for
 * `quietMs`, and in any case after `totalMs`. `token.issue` is one: key generation on a real
 * token takes tens of seconds, and the agent pushes `token.progress` at every step.
 */
export interface ProgressDeadline {
  notification: AgentNotification['type'];
  quietMs: number;
  totalMs: number;
}

/** The agent's own deadlines plus a margin, so its answer (or its timeout reply) wins. */
export const defaultProgressDeadlines: Partial<Record<AgentRequestType, ProgressDeadline>> = {
  'token.issue': {
    notification: 'token.progress',
    quietMs: tokenIssueDeadlines.quietMs + 5_000,
    totalMs: tokenIssueDeadlines.totalMs + 5_000,
  },
  // Waiting for an issuance that runs (after a reload) follows the same progress.
  'token.issuance': {
    notification: 'token.progress',
    quietMs: tokenIssueDeadlines.quietMs + 5_000,
    totalMs: tokenIssueDeadlines.totalMs + 5_000,
  },
};

export interface AgentClientOptions {
  /** `ws://127.0.0.1:<port>` of this station's agent. */
  url: string;
  /** The pairing secret, in the clear: only when pairing (the page then keeps the sealed form). */
  pairingSecret?: string;
  /** The pairing secret as this agent sealed it (`welcome.sealedPairing`): what a paired page keeps. */
  sealedPairing?: string;
  /**
   * Called with each `sealedPairing` the agent sends in `welcome`. From then on the client says
   * `hello` with it and drops the clear secret from memory.
   */
  onSealedPairing?: (sealed: string) => void;
  client: 'kiosk' | 'counter' | 'display' | 'test';
  /** Default `globalThis.WebSocket`. */
  WebSocketImpl?: WebSocketConstructor;
  /** Deadline for one request, ms; a little over the agent's own 30 s so its timeout reply wins. Default 35,000. */
  requestTimeoutMs?: number;
  /** Request types whose deadline is re-armed by their progress notifications. Default `defaultProgressDeadlines` (token.issue). */
  progressDeadlines?: Partial<Record<AgentRequestType, ProgressDeadline>>;
  /** Deadline from opening the socket to `welcome`, ms. Default 5,000. */
  connectTimeoutMs?: number;
  /** First reconnect delay, ms; doubles up to `maxRetryMs`. Default 500. */
  retryMs?: number;
  /** Longest reconnect delay, ms. Default 10,000. */
  maxRetryMs?: number;
  /** Default the global timers (fake timers in tests patch those). */
  timers?: Timers;
}

export interface AgentClient {
  /** Rejects with a DangkyError: the agent's code for an error reply, DK_ERR_AGENT_UNREACHABLE when not connected, DK_ERR_AGENT_TIMEOUT past the deadline. */
  request<T extends AgentRequestType>(type: T, params: AgentParams<T>): Promise<AgentResult<T>>;
  /** Last known device statuses (from `welcome` and `device.status`); empty until the first welcome. */
  devices(): DeviceStatus[];
  /** Called with the whole list on every change; connects if not yet connected. Returns unsubscribe. */
  onDevices(listener: (devices: DeviceStatus[]) => void): () => void;
  /** Called with every notification the agent pushes (schema-checked: `device.status`, `qr.scanned` …); connects if not yet connected. Returns unsubscribe. */
  onNotification(listener: (notification: AgentNotification) => void): () => void;
  /** Called on every change of `state`. Returns unsubscribe. */
  onState(listener: (state: AgentClientState) => void): () => void;
  readonly state: AgentClientState;
  /** Why the client stopped (pairing or origin refused), or null. */
  readonly error: DangkyError | null;
  close(): void;
}

const OPEN = 1;

interface Pending {
  type: AgentRequestType;
  resolve: (result: unknown) => void;
  reject: (error: DangkyError) => void;
  timer: unknown;
  /** The outer deadline of a progress-following request. */
  totalTimer?: unknown;
  /** Re-arms the quiet deadline (progress-following requests only). */
  rearm?: () => void;
}

export function createAgentClient(options: AgentClientOptions): AgentClient {
  const WebSocketImpl = options.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  const timers: Timers = options.timers ?? (globalThis as unknown as Timers);
  const requestTimeoutMs = options.requestTimeoutMs ?? 35_000;
  const progressDeadlines = options.progressDeadlines ?? defaultProgressDeadlines;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;

  let state: AgentClientState = 'idle';
  let fatal: DangkyError | null = null;
  let socket: WebSocketLike | undefined;
  let ready = false;
  let nextRetryMs = retryMs;
  let retryTimer: unknown;
  let connectTimer: unknown;
  let nextId = 1;
  let known: DeviceStatus[] = [];
  let credential: { pairingSecret: string } | { sealedPairing: string } | null = options.sealedPairing
    ? { sealedPairing: options.sealedPairing }
    : options.pairingSecret
      ? { pairingSecret: options.pairingSecret }
      : null;
  const pending = new Map<string, Pending>();
  /** Requests made while the first connection attempt is under way, sent on welcome. */
  const waiting: { id: string; frame: string }[] = [];
  const deviceListeners = new Set<(devices: DeviceStatus[]) => void>();
  const stateListeners = new Set<(state: AgentClientState) => void>();
  const notificationListeners = new Set<(notification: AgentNotification) => void>();

  const setState = (next: AgentClientState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(state);
  };
  const setDevices = (next: DeviceStatus[]) => {
    known = next;
    for (const listener of deviceListeners) listener(known);
  };
  const settle = (id: string, outcome: { result: unknown } | { error: DangkyError }) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    timers.clearTimeout(entry.timer);
    if (entry.totalTimer !== undefined) timers.clearTimeout(entry.totalTimer);
    if ('error' in outcome) entry.reject(outcome.error);
    else entry.resolve(outcome.result);
  };
  const failAll = (error: () => DangkyError) => {
    waiting.length = 0;
    for (const id of [...pending.keys()]) settle(id, { error: error() });
  };

  const scheduleReconnect = () => {
    if (state === 'closed' || retryTimer !== undefined) return;
    setState('connecting');
    retryTimer = timers.setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, nextRetryMs);
    nextRetryMs = Math.min(maxRetryMs, nextRetryMs * 2);
  };

  const onSocketClosed = (candidate: WebSocketLike, code: number) => {
    if (socket !== candidate) return;
    socket = undefined;
    ready = false;
    timers.clearTimeout(connectTimer);
    if (code === agentCloseCodes.pairingFailed || code === agentCloseCodes.originRefused) {
      fatal = new DangkyError(code === agentCloseCodes.pairingFailed ? 'DK_ERR_AGENT_PAIRING' : 'DK_ERR_AGENT_ORIGIN', {
        detail: { closeCode: code },
      });
      const stopped = fatal;
      failAll(() => new DangkyError(stopped.code, { detail: { closeCode: code } }));
      setState('closed');
      return;
    }
    failAll(() => new DangkyError('DK_ERR_AGENT_UNREACHABLE', { detail: { closeCode: code } }));
    scheduleReconnect();
  };

  /** A frame that does not parse: drop the connection rather than trust part of it. */
  const protocolError = (candidate: WebSocketLike) => {
    candidate.close(agentCloseCodes.protocolError, 'invalid frame');
    onSocketClosed(candidate, agentCloseCodes.protocolError);
  };

  const onFrame = (candidate: WebSocketLike, data: unknown) => {
    if (socket !== candidate) return;
    let frame: unknown;
    try {
      if (typeof data !== 'string') throw new TypeError('binary frame');
      frame = JSON.parse(data);
    } catch {
      return protocolError(candidate);
    }
    if (!ready) {
      const greeting = welcome.safeParse(frame);
      if (!greeting.success) return protocolError(candidate);
      ready = true;
      if (greeting.data.sealedPairing) {
        credential = { sealedPairing: greeting.data.sealedPairing };
        options.onSealedPairing?.(greeting.data.sealedPairing);
      }
      timers.clearTimeout(connectTimer);
      nextRetryMs = retryMs;
      setState('ready');
      setDevices(greeting.data.devices);
      for (const { frame: queued } of waiting.splice(0)) candidate.send(queued);
      return;
    }
    const reply = agentReply.safeParse(frame);
    if (reply.success) {
      const { id } = reply.data;
      const entry = pending.get(id);
      if (!entry) return;
      if (!reply.data.ok) {
        const { code, message } = reply.data.error;
        settle(id, {
          error: new DangkyError(isErrorCode(code) ? code : 'DK_ERR_INTERNAL', { detail: { agentCode: code, agentMessage: message } }),
        });
        return;
      }
      const result = agentRequests[entry.type].result.safeParse(reply.data.result);
      settle(
        id,
        result.success
          ? { result: result.data }
          : { error: new DangkyError('DK_ERR_AGENT_MESSAGE_INVALID', { detail: { type: entry.type, part: 'result' } }) },
      );
      return;
    }
    const notification = agentNotification.safeParse(frame);
    if (!notification.success) return protocolError(candidate);
    if (notification.data.type === 'device.status') {
      const status = notification.data.device;
      const index = known.findIndex((d) => d.id === status.id);
      setDevices(index === -1 ? [...known, status] : known.map((d, i) => (i === index ? status : d)));
    }
    for (const entry of pending.values()) if (progressDeadlines[entry.type]?.notification === notification.data.type) entry.rearm?.();
    for (const listener of notificationListeners) listener(notification.data);
  };

  function connect() {
    if (state === 'closed' || socket) return;
    if (!WebSocketImpl || !credential) {
      fatal = credential
        ? new DangkyError('DK_ERR_AGENT_UNREACHABLE', { detail: { reason: 'no WebSocket implementation' } })
        : new DangkyError('DK_ERR_AGENT_PAIRING', { detail: { reason: 'no pairing secret' } });
      setState('closed');
      return;
    }
    setState('connecting');
    let candidate: WebSocketLike;
    try {
      candidate = new WebSocketImpl(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = candidate;
    connectTimer = timers.setTimeout(() => {
      if (socket !== candidate || ready) return;
      candidate.close(1000, 'no welcome');
      onSocketClosed(candidate, 1006);
    }, connectTimeoutMs);
    candidate.onopen = () => {
      if (socket !== candidate) return;
      candidate.send(JSON.stringify({ type: 'hello', protocol: AGENT_PROTOCOL_VERSION, ...credential, client: options.client }));
    };
    candidate.onmessage = (event: { data: unknown }) => onFrame(candidate, event.data);
    candidate.onclose = (event: { code: number }) => onSocketClosed(candidate, event.code);
    candidate.onerror = () => undefined;
  }

  const unreachable = (detail: Record<string, unknown>) => new DangkyError('DK_ERR_AGENT_UNREACHABLE', { detail });

  return {
    request<T extends AgentRequestType>(type: T, params: AgentParams<T>): Promise<AgentResult<T>> {
      if (fatal) return Promise.reject(new DangkyError(fatal.code));
      if (state === 'closed') return Promise.reject(unreachable({ reason: 'client closed' }));
      if (state === 'idle') connect();
      const refused = fatal as DangkyError | null; // connect() sets it when there is no way to connect
      if (refused) return Promise.reject(new DangkyError(refused.code));
      const attempting = !ready && socket !== undefined;
      if (!ready && !attempting) return Promise.reject(unreachable({ reason: 'reconnecting' }));
      const id = String(nextId++);
      const frame = JSON.stringify({ id, type, params });
      const progress = progressDeadlines[type];
      return new Promise<AgentResult<T>>((resolve, reject) => {
        const expire = (timeoutMs: number) => () => {
          const index = waiting.findIndex((w) => w.id === id);
          if (index !== -1) waiting.splice(index, 1);
          settle(id, { error: new DangkyError('DK_ERR_AGENT_TIMEOUT', { detail: { type, timeoutMs } }) });
        };
        const firstMs = progress ? progress.quietMs : requestTimeoutMs;
        const entry: Pending = {
          type,
          resolve: resolve as (result: unknown) => void,
          reject,
          timer: timers.setTimeout(expire(firstMs), firstMs),
        };
        if (progress) {
          entry.totalTimer = timers.setTimeout(expire(progress.totalMs), progress.totalMs);
          entry.rearm = () => {
            timers.clearTimeout(entry.timer);
            entry.timer = timers.setTimeout(expire(progress.quietMs), progress.quietMs);
          };
        }
        pending.set(id, entry);
        if (ready && socket?.readyState === OPEN) socket.send(frame);
        else waiting.push({ id, frame });
      });
    },
    devices: () => known,
    onDevices(listener) {
      deviceListeners.add(listener);
      if (state === 'idle') connect();
      return () => deviceListeners.delete(listener);
    },
    onNotification(listener) {
      notificationListeners.add(listener);
      if (state === 'idle') connect();
      return () => notificationListeners.delete(listener);
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    get state() {
      return state;
    },
    get error() {
      return fatal;
    },
    close() {
      if (state === 'closed' && !socket) return;
      timers.clearTimeout(retryTimer);
      timers.clearTimeout(connectTimer);
      retryTimer = undefined;
      const open = socket;
      socket = undefined;
      ready = false;
      failAll(() => unreachable({ reason: 'client closed' }));
      setState('closed');
      open?.close(1000, 'client closed');
    },
  };
}
