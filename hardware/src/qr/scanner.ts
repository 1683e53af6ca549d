import { debuglog } from 'node:util';
import { SerialPort } from 'serialport';
import { QR_PAYLOAD_MAX_BYTES, type AgentNotification } from '@dangky/core/agent';
import type { AgentDevice } from '../agent/device.ts';
import { createBackoff } from '../serial/backoff.ts';
import { createStatusCell } from '../serial/status-cell.ts';
import { createLineSplitter } from './line-splitter.ts';

/**
 * A QR scanner in serial mode (USB CDC: /dev/ttyACM0), or the simulator's pty. It owns the port:
 * opens it, and when it cannot be opened or is lost (unplugged) retries with a short backoff, so
 * status goes offline → ready on its own when the scanner comes back. Each payload the scanner
 * sends (ended by CR and/or LF) becomes one scan: a `qr.scanned` notification for the paired page,
 * which parses it (core `parseQr`). Lines over 1 KB (QR_PAYLOAD_MAX_BYTES) and lines that are not UTF-8 are dropped.
 *
 * A payload is personal data (name, birth date, address): logs (NODE_DEBUG=hardware:qr) carry
 * states and byte counts, never the payload.
 */

const log = debuglog('hardware:qr');

/** The part of a serialport stream the scanner uses; tests inject SerialPortMock. */
export type ScannerPort = Pick<SerialPort, 'open' | 'close' | 'isOpen' | 'on' | 'once' | 'removeAllListeners'>;

export interface QrScannerOptions {
  id: string;
  /** Serial device path, e.g. /dev/ttyACM0 or the simulator's pty / link path. */
  path: string;
  /** True when `path` is the simulator (reported in the status). */
  simulated: boolean;
  /** Default 9,600 (CDC ignores it; RS-232 scanners ship at 9,600). */
  baudRate?: number;
  /** First reconnect attempt, ms; doubles up to `maxRetryMs`. Default 1,000. */
  retryMs?: number;
  /** Longest wait between reconnect attempts, ms. Default 2,000. */
  maxRetryMs?: number;
  /** Makes the (unopened) port; default a real serialport. */
  createPort?: (options: { path: string; baudRate: number }) => ScannerPort;
}

export interface QrScanner extends AgentDevice {
  /** Called with each scanned payload (UTF-8 text, terminators removed). Returns unsubscribe. */
  onScan(listener: (payload: string) => void): () => void;
}

const defaultCreatePort = ({ path, baudRate }: { path: string; baudRate: number }): ScannerPort =>
  new SerialPort({ path, baudRate, autoOpen: false });

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The payload as text, or null when the bytes are not UTF-8 (a scanner in a legacy code page). */
function decodePayload(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function createQrScanner(options: QrScannerOptions): QrScanner {
  const baudRate = options.baudRate ?? 9_600;
  const retryMs = options.retryMs ?? 1_000;
  const maxRetryMs = options.maxRetryMs ?? 2_000;
  const createPort = options.createPort ?? defaultCreatePort;
  const scanListeners = new Set<(payload: string) => void>();
  const status = createStatusCell(
    {
      id: options.id,
      kind: 'qr-scanner',
      state: 'offline',
      simulated: options.simulated,
      errorCode: 'DK_ERR_SERIAL_PORT',
      detail: 'connecting',
    },
    (id, state, code) => log('%s %s %s', id, state, code),
  );
  const retry = createBackoff({ firstMs: retryMs, maxMs: maxRetryMs, attempt: () => connect() });
  let port: ScannerPort | undefined;
  let closed = false;

  const scanned = (bytes: Uint8Array) => {
    const payload = decodePayload(bytes);
    if (payload === null) {
      log('%s dropped a %d-byte line that is not UTF-8', options.id, bytes.length);
      return;
    }
    log('%s scanned %d bytes', options.id, bytes.length);
    for (const listener of scanListeners) listener(payload);
  };

  /** Drops a port that failed or vanished, and tries again later. */
  const release = (candidate: ScannerPort, state: 'offline' | 'error', reason: string) => {
    if (port === candidate) port = undefined;
    candidate.removeAllListeners();
    candidate.on('error', () => {});
    if (candidate.isOpen) candidate.close(() => {});
    if (closed) return;
    status.set(state, 'DK_ERR_SERIAL_PORT', reason);
    retry.schedule();
  };

  function connect() {
    if (closed) return;
    const candidate = createPort({ path: options.path, baudRate });
    // A fresh splitter per connection: half a line from before an unplug is not glued to the next.
    const splitter = createLineSplitter(
      { onLine: scanned, onRefused: () => log('%s refused a line over %d bytes', options.id, QR_PAYLOAD_MAX_BYTES) },
      { maxLineBytes: QR_PAYLOAD_MAX_BYTES },
    );
    candidate.on('error', (error: Error) => port === candidate && release(candidate, 'offline', error.message));
    candidate.open((error) => {
      if (closed) {
        if (!error) candidate.close(() => {});
        return;
      }
      if (error) {
        // A missing device is unplugged (or the simulator is not running); anything else is an error.
        release(candidate, /ENOENT|No such file|ENXIO|No such device/i.test(error.message) ? 'offline' : 'error', error.message);
        return;
      }
      port = candidate;
      retry.reset();
      candidate.once('close', () => port === candidate && release(candidate, 'offline', 'port closed'));
      candidate.on('data', (chunk: Buffer) => splitter.push(chunk));
      status.set('ready');
    });
  }

  connect();

  return {
    id: options.id,
    kind: 'qr-scanner',
    status: status.current,
    onStatus: status.onStatus,
    onScan(listener) {
      scanListeners.add(listener);
      return () => scanListeners.delete(listener);
    },
    onNotification(listener: (notification: AgentNotification) => void) {
      const forward = (payload: string) => listener({ type: 'qr.scanned', deviceId: options.id, payload });
      scanListeners.add(forward);
      return () => scanListeners.delete(forward);
    },
    async close() {
      closed = true;
      retry.cancel();
      const open = port;
      port = undefined;
      if (open?.isOpen) await new Promise<void>((resolve) => open.close(() => resolve()));
      open?.removeAllListeners();
      status.set('offline', 'DK_ERR_SERIAL_PORT', 'closed');
      status.clear();
      scanListeners.clear();
    },
  };
}
