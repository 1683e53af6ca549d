import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DangkyError } from '@dangky/core/errors';

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
  /** Stops socat (both ends go away). */
  close(): Promise<void>;
}

const SAFE_PATH = /^[\w./-]+$/;

export async function startPtyPair(options: PtyPairOptions = {}): Promise<PtyPair> {
  const links = [options.links?.a, options.links?.b];
  for (const link of links) {
    if (link === undefined) continue;
    if (!SAFE_PATH.test(link)) throw new DangkyError('DK_ERR_VALIDATION', { message: 'a pty link path may hold only letters, digits and . _ / -' });
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
  return {
    a: links[0] ?? (ptys[0] as string),
    b: links[1] ?? (ptys[1] as string),
    close: async () => {
      if (socat.exitCode === null && socat.signalCode === null) socat.kill();
      // socat ends on SIGTERM at once; should it not, it must not hold the caller's shutdown.
      const stubborn = setTimeout(() => socat.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(stubborn);
    },
  };
}
