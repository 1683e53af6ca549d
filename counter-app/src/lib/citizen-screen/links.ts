import {
  CITIZEN_GONE_MS,
  CITIZEN_HEARTBEAT_MS,
  parseScreenMessage,
  type CitizenView,
  type PinKey,
  type ScreenChannel,
} from './protocol.ts';

/**
 * The two ends of a counter's citizen screen, over a `ScreenChannel` (protocol.ts says why a
 * BroadcastChannel). Plain TypeScript with callbacks, so both ends are tested against each other
 * in Node; the pages wrap them in runes.
 */

const newId = (): string => crypto.randomUUID();

/** Citizen windows heard from within `goneMs` of `now`: the pure rule of "a citizen screen is connected". */
export function connectedScreens(lastSeen: ReadonlyMap<string, number>, now: number, goneMs = CITIZEN_GONE_MS): string[] {
  return [...lastSeen].filter(([, at]) => now - at <= goneMs).map(([id]) => id);
}

export interface ClerkLink {
  /** Whether a citizen's window is there now. */
  readonly connected: boolean;
  /** What the citizen's screen shows; sent now and again to a window that joins later. */
  show(view: CitizenView): void;
  /** The citizen's PIN keys, for the keypad this window showed; returns the unsubscribe. */
  onPin(handler: (key: PinKey) => void): () => void;
  /** Forgets windows not heard from (run on a timer; tests call it with their clock). */
  sweep(): void;
  stop(): void;
}

export function createClerkLink(options: {
  channel: ScreenChannel;
  onConnected?: (connected: boolean) => void;
  now?: () => number;
  /** How often `sweep` runs by itself; 0 = never (tests). */
  sweepMs?: number;
}): ClerkLink {
  const { channel } = options;
  const now = options.now ?? Date.now;
  const clerkId = newId();
  const seen = new Map<string, number>();
  const pinHandlers = new Set<(key: PinKey) => void>();
  let view: CitizenView = { kind: 'welcome' };
  let connected = false;
  let stopped = false;

  const update = () => {
    const next = connectedScreens(seen, now()).length > 0;
    if (next !== connected) {
      connected = next;
      options.onConnected?.(connected);
    }
  };
  const post = () => channel.postMessage({ type: 'clerk.view', clerkId, view });

  channel.addEventListener('message', ({ data }) => {
    const message = parseScreenMessage(data);
    if (!message || stopped) return;
    if (message.type === 'citizen.hello') {
      const joined = !seen.has(message.screenId);
      seen.set(message.screenId, now());
      if (joined) post();
      update();
    } else if (message.type === 'citizen.bye') {
      seen.delete(message.screenId);
      update();
    } else if (message.type === 'citizen.pin' && message.clerkId === clerkId && view.kind === 'pin') {
      // Only while this window shows the keypad: a late key after the PIN step ends is dropped.
      for (const handler of pinHandlers) handler(message.key);
    }
  });
  const timer = options.sweepMs === 0 ? null : setInterval(() => update(), options.sweepMs ?? CITIZEN_HEARTBEAT_MS);
  channel.postMessage({ type: 'clerk.hello', clerkId });

  return {
    get connected() {
      return connected;
    },
    show(next) {
      view = next;
      if (!stopped) post();
    },
    onPin(handler) {
      pinHandlers.add(handler);
      return () => void pinHandlers.delete(handler);
    },
    sweep: update,
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      channel.postMessage({ type: 'clerk.bye', clerkId });
      channel.close();
    },
  };
}

/**
 * Whether the citizen's screen takes a view from `from`: the window it follows always; another
 * only with something to show, or when the one it follows shows nothing — so a second clerk
 * window (a queue page left open in another tab) cannot blank a keypad the citizen is using.
 */
export function takesView(following: { clerkId: string; view: CitizenView } | null, from: string, view: CitizenView): boolean {
  return following === null || following.clerkId === from || view.kind !== 'welcome' || following.view.kind === 'welcome';
}

export interface CitizenLink {
  /** A key pressed on the citizen's keypad: sent to the clerk window whose keypad is shown. */
  press(key: PinKey): void;
  stop(): void;
}

export function createCitizenLink(options: {
  channel: ScreenChannel;
  onView: (view: CitizenView) => void;
  /** How often this window says it is there; 0 = only when asked (tests). */
  heartbeatMs?: number;
}): CitizenLink {
  const { channel } = options;
  const screenId = newId();
  let following: { clerkId: string; view: CitizenView } | null = null;
  let stopped = false;
  const hello = () => channel.postMessage({ type: 'citizen.hello', screenId });

  channel.addEventListener('message', ({ data }) => {
    const message = parseScreenMessage(data);
    if (!message || stopped) return;
    if (message.type === 'clerk.hello') hello();
    else if (message.type === 'clerk.view' && takesView(following, message.clerkId, message.view)) {
      following = { clerkId: message.clerkId, view: message.view };
      options.onView(message.view);
    } else if (message.type === 'clerk.bye' && message.clerkId === following?.clerkId) {
      following = null;
      options.onView({ kind: 'welcome' });
    }
  });
  const timer = options.heartbeatMs === 0 ? null : setInterval(hello, options.heartbeatMs ?? CITIZEN_HEARTBEAT_MS);
  hello();

  return {
    press(key) {
      if (following && !stopped) channel.postMessage({ type: 'citizen.pin', screenId, clerkId: following.clerkId, key });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      channel.postMessage({ type: 'citizen.bye', screenId });
      channel.close();
    },
  };
}
