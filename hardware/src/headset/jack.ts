import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { debuglog } from 'node:util';
import { HEADSET_JACK_DETAIL } from '@dangky/core/agent';
import { createStatusCell } from '../serial/status-cell.ts';
import type { AgentDevice } from '../agent/device.ts';

const log = debuglog('hardware:headset');

/**
 * The kiosk's headset jack, as an agent device: it reads the jack sense every `pollMs` and reports
 * it as its status (`ready`, detail `plugged` / `unplugged`; core's messages/headset.ts), which the
 * agent pushes to the page on every change and gives it on connecting.
 * A real station reads the sound card's "Headphone Jack" control through ALSA's `amixer` (the
 * kernel's HDA driver exposes the jack sense there); the simulator reads a file holding `plugged`
 * or `unplugged`, which a test or a technician writes.
 */

/** `amixer cget`'s answer for a jack control → plugged, or null when it does not say. */
export function parseJackControl(output: string): boolean | null {
  const value = /^\s*:\s*values=(on|off)\s*$/m.exec(output)?.[1];
  return value === undefined ? null : value === 'on';
}

/** The simulator's file: `plugged` or `unplugged`; none yet is unplugged. */
export function parseSimulatedJack(text: string | null): boolean | null {
  if (text === null) return false;
  const word = text.trim();
  return word === 'plugged' ? true : word === 'unplugged' || word === '' ? false : null;
}

export type JackReader = () => Promise<boolean | null>;

export const amixerJack =
  (card: string, control = 'Headphone Jack'): JackReader =>
  () =>
    new Promise((resolve) => {
      execFile('amixer', ['-c', card, 'cget', `iface=CARD,name=${control}`], { timeout: 2_000 }, (error, stdout) =>
        resolve(error ? null : parseJackControl(stdout)),
      );
    });

export const simulatedJack =
  (file: string): JackReader =>
  () =>
    readFile(file, 'utf8').then(parseSimulatedJack, (error: NodeJS.ErrnoException) =>
      error.code === 'ENOENT' ? parseSimulatedJack(null) : null,
    );

export interface HeadsetJack extends AgentDevice {
  /** The last reading (null before the first, or while the jack cannot be read). */
  plugged(): boolean | null;
}

export function createHeadsetJack(options: { id: string; read: JackReader; simulated: boolean; pollMs?: number }): HeadsetJack {
  const status = createStatusCell(
    { id: options.id, kind: 'headset-jack', state: 'offline', simulated: options.simulated, errorCode: null, detail: 'starting' },
    (id, state, code) => log('%s %s %s', id, state, code),
  );
  let plugged: boolean | null = null;
  let closed = false;
  let reading = false;

  const poll = async () => {
    if (reading || closed) return;
    reading = true;
    try {
      const now = await options.read();
      if (closed) return;
      if (now === null) {
        status.set('error', null, 'jack sense unreadable');
        return;
      }
      plugged = now;
      status.set('ready', null, now ? HEADSET_JACK_DETAIL.plugged : HEADSET_JACK_DETAIL.unplugged);
    } finally {
      reading = false;
    }
  };
  const timer = setInterval(() => void poll(), options.pollMs ?? 500);
  void poll();

  return {
    id: options.id,
    kind: 'headset-jack',
    status: status.current,
    onStatus: status.onStatus,
    plugged: () => plugged,
    close() {
      closed = true;
      clearInterval(timer);
      status.clear();
      return Promise.resolve();
    },
  };
}
