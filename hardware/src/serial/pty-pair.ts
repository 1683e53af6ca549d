import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import { SerialPort } from 'serialport';

/**
 * Two connected pseudo-terminals made by socat (`pty,raw,echo=0` twice): what one end writes the
 * other reads, as over a serial cable. The device simulators put a virtual device on one end and
 * give the other end's path to the driver, which opens it exactly as it would /dev/ttyUSB0.
 *
 * An end given a `link` is reachable at that stable path (a symlink socat keeps): a restarted
 * simulator appears at the same path, and a test or technician can find it without parsing
 * output. Link paths may hold only letters, digits and `._/-` (socat's address syntax).
 */

export interface PtyPairOptions {
  /** Stable symlinks for end A and end B; parent folders are created. */
  links?: { a?: string | undefined; b?: string | undefined };
  /** Deadline for socat to report its ptys, ms. Default 5,000. */
  startTimeoutMs?: number;
}

export interface PtyPair {
  /** End A's path: its link when one was given, else the pty. */
  a: string;
  /** End B's path: its link when one was given, else the pty. */
  b: string;
  /**
   * Opens an end as the simulator's own serial port (the virtual device's side). It is closed by
   * `close()`; if it cannot be opened, the pair is closed and DK_ERR_SERIAL_PORT thrown.
   */
  openEnd(path: string, baudRate: number): Promise<SerialPort>;
  /** Closes the ends opened with `openEnd`, then stops socat (both ends go away). */
  close(): Promise<void>;
}

/** Closes a port; a close that never calls back (seen once in ~40 stops under load) gives up after `ms`. */
function closeWithin(port: SerialPort, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!port.isOpen) return resolve();
    const timer = setTimeout(resolve, ms);
    port.close(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const SAFE_PATH = /^[\w./-]+$/;

export async function startPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const links = [options.links?.a, options.links?.b];
  for (const link of links) {
    if (link === undefined) continue;
    if (!SAFE_PATH.test(link))
      throw new DangkyError('DK_ERR_VALIDATION', { message: 'a pty link path may hold only letters, digits and . _ / -' });
    await mkdir(dirname(link), { recursive: true });
  }
  const addresses = links.map((link) => (link ? `pty,raw,echo=0,link=${link}` : 'pty,raw,echo=0'));
  const socat = spawn('socat', ['-d', '-d', ...addresses], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  const ptys = await new Promise<string[]>((resolve, reject) => {
    const found: string[] = [];
    let stderr = '';
    const timer = setTimeout(() => {
      socat.kill();
      reject(new DangkyError('DK_ERR_SERIAL_PORT', { detail: { reason: 'socat did not start' } }));
    }, options.startTimeoutMs ?? 5_000);
    socat.once('error', (cause) => {
      clearTimeout(timer);
      reject(new DangkyError('DK_ERR_SERIAL_PORT', { cause, detail: { reason: 'socat is not installed' } }));
    });
    socat.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const match of stderr.matchAll(/PTY is (\S+)/g)) if (match[1] && !found.includes(match[1])) found.push(match[1]);
      // The links exist once socat starts its transfer loop.
      if (found.length === 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  const opened: SerialPort[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(opened.map((port) => closeWithin(port, 1_000)));
    if (socat.exitCode === null && socat.signalCode === null) socat.kill();
    // socat ends on SIGTERM at once; should it not, it must not hold the caller's shutdown.
    const stubborn = setTimeout(() => socat.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(stubborn);
  };
  return {
    a: links[0] ?? (ptys[0] as string),
    b: links[1] ?? (ptys[1] as string),
    async openEnd(path, baudRate) {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      try {
        await new Promise<void>((resolve, reject) =>
          port.open((error) => (error ? reject(new DangkyError('DK_ERR_SERIAL_PORT', { cause: error })) : resolve())),
        );
      } catch (error) {
        await close();
        throw error;
      }
      opened.push(port);
      return port;
    },
    close,
  };
}
