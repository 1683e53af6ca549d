import { DangkyError } from '@dangky/core/errors';
import { startPtyPair } from '../serial/pty-pair.ts';

/**
 * The simulated QR scanner on a real pseudo-terminal pair (socat). One end, `path`, is the
 * scanner as the driver sees it (open it like /dev/ttyACM0); the other end, `injectPath`, is the
 * scanner's "optics": every line written there comes out of `path` as a scan. `scan(payload)`
 * writes `payload` + CR LF to it, as a scanner in serial mode sends a code.
 *
 * With `injectLinkPath`, anyone can scan too by writing a line to that stable path — a
 * Playwright test (`appendFile(path, payload + '\r\n')`), or a technician
 * (`printf '%s\r\n' "$PAYLOAD" > <path>`). The simulator keeps that end open itself, so a writer
 * closing it does not end the pty.
 */

export interface QrScannerSimulatorOptions {
  /** A stable symlink to the scanner end (what the driver opens). */
  linkPath?: string;
  /** A stable symlink to the inject end (where a line written becomes a scan). */
  injectLinkPath?: string;
  /** Deadline for socat to report its ptys, ms. Default 5,000. */
  startTimeoutMs?: number;
}

export interface QrScannerSimulator {
  /** The path the QR scanner driver opens. */
  path: string;
  /** Where a written line becomes a scan (the link when one was given). */
  injectPath: string;
  /** "Scans" a code: sends `payload` + CR LF, resolves once the bytes left for the pty. */
  scan(payload: string): Promise<void>;
  close(): Promise<void>;
}

export async function startQrScannerSimulator(options: QrScannerSimulatorOptions = {}): Promise<QrScannerSimulator> {
  const pair = await startPtyPair({
    links: { a: options.linkPath, b: options.injectLinkPath },
    ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
  });
  const optics = await pair.openEnd(pair.b, 9_600);
  optics.on('error', () => {});
  // The driver never writes to a scanner; whatever it might send is read and dropped.
  optics.on('data', () => {});
  return {
    path: pair.a,
    injectPath: pair.b,
    scan: (payload) =>
      new Promise<void>((resolve, reject) => {
        optics.write(
          Buffer.from(`${payload}\r\n`, 'utf8'),
          (error) => error && reject(new DangkyError('DK_ERR_SERIAL_PORT', { cause: error })),
        );
        optics.drain((error) => (error ? reject(new DangkyError('DK_ERR_SERIAL_PORT', { cause: error })) : resolve()));
      }),
    close: () => pair.close(),
  };
}
