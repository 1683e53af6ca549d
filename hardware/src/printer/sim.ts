import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { startPtyPair } from '../serial/pty-pair.ts';
import { createEscPosDecoder } from './escpos-decode.ts';

/**
 * The simulated ticket printer on a real pseudo-terminal: socat makes a pty pair, the simulator
 * reads one end through serialport and decodes the ESC/POS stream, and the other end's path is
 * what the serial printer opens, exactly as it would open /dev/ttyUSB0. Every ticket (ended by a
 * cut) becomes one JSON line in `logFile`: `{"lines":[…],"qrPayload":…,"bytes":N,"at":"…"}` —
 * the paper that `npm start` and the Playwright tests (tests/e2e/system.ts) read.
 *
 * With `linkPath`, socat keeps a symlink to the printer end at that path, so a restarted
 * simulator appears at the same path and the serial printer reconnects to it, as to a printer
 * unplugged and plugged back in.
 */

export interface PrinterSimulatorOptions {
  /** JSON-lines file each printed ticket is appended to; parent folders are created. */
  logFile: string;
  /** A stable symlink to the printer end (letters, digits, `._/-` only; socat's address syntax). */
  linkPath?: string;
  /** ESC t n value the simulated printer maps to Windows-1258. Default 52. */
  codePage?: number;
  /** Deadline for socat to report its ptys, ms. Default 5,000. */
  startTimeoutMs?: number;
}

export interface PrinterSimulator {
  /** The path the serial printer opens (the link path when one was given). */
  path: string;
  close(): Promise<void>;
}

export async function startPrinterSimulator(options: PrinterSimulatorOptions): Promise<PrinterSimulator> {
  await mkdir(dirname(options.logFile), { recursive: true });
  const pair = await startPtyPair({
    links: { b: options.linkPath },
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
  });
  const devicePath = pair.a;

  let writes: Promise<void> = Promise.resolve();
  const decoder = createEscPosDecoder(
    (ticket, { bytes }) => {
      const line = `${JSON.stringify({ lines: ticket.lines, qrPayload: ticket.qrPayload, bytes, at: new Date().toISOString() })}\n`;
      writes = writes
        .then(() => appendFile(options.logFile, line, 'utf8'))
        .catch((error: unknown) => console.error('hardware:printer-sim: cannot write the log', error));
    },
    options.codePage === undefined ? {} : { codePage: options.codePage },
  );
  const port = await pair.openEnd(devicePath, 115_200);
  let lastDataAt = 0;
  port.on('data', (chunk: Buffer) => {
    lastDataAt = Date.now();
    decoder.push(chunk);
  });
  port.on('error', () => {});
  return {
    path: pair.b,
    close: async () => {
      // Let bytes still in flight through the pty arrive first (a quiet line for 100 ms, at most
      // 1 s): a job the host side has finished writing must be in the log after close().
      for (const until = Date.now() + 1_000; Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 50));
        if (Date.now() - lastDataAt >= 100) break;
      }
      await pair.close();
      await writes;
    },
  };
}
