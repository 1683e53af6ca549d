import { debuglog } from 'node:util';
import { SerialPort } from 'serialport';
import type { DeviceStatus, ReceiptPrintJob, TicketPrintJob } from '@dangky/core/agent';
import { DangkyError, isErrorCode, type ErrorCode } from '@dangky/core/errors';
import type { AgentDevice } from '../agent/device.ts';
import { createBackoff } from '../serial/backoff.ts';
import { createStatusCell } from '../serial/status-cell.ts';
import { encodeTicket } from './escpos-encode.ts';
import { encodeReceipt } from './escpos-receipt.ts';

/**
 * The ticket printer on a serial port (a USB-serial receipt printer, or the simulator's pty).
 * It owns the port: opens it, and whenever it cannot be opened or is lost, retries on its own
 * with a short backoff, reporting each change of state. Jobs go one at a time; each is written
 * and drained (the bytes have left the host) under one deadline.
 *
 * Logs (NODE_DEBUG=hardware:printer) carry states and byte counts, never ticket text.
 */

const log = debuglog('hardware:printer');

/** The part of a serialport stream the printer uses; tests inject SerialPortMock or a stalled port. */
export type PrinterPort = Pick<SerialPort, 'open' | 'write' | 'drain' | 'close' | 'isOpen' | 'on' | 'once' | 'removeAllListeners'>;

export interface SerialPrinterOptions {
  id: string;
  /** Serial device path, e.g. /dev/ttyUSB0 or a simulator's pty / link path. */
  path: string;
  /** Default 9,600: the factory setting of most receipt printers' serial interface. */
  baudRate?: number;
  /** True when `path` is the simulator (reported in the status, for the operator). */
  simulated: boolean;
  /** ESC t n value selecting Windows-1258 on this model. Default 52 (see escpos-encode.ts). */
  codePage?: number;
  /** Deadline for one ticket to be written and drained, ms. Default 10,000. */
  writeTimeoutMs?: number;
  /** First reconnect attempt after the port failed or vanished, ms; doubles up to `maxRetryMs`. Default 1,000. */
  retryMs?: number;
  /** Longest wait between reconnect attempts, ms. Default 2,000. */
  maxRetryMs?: number;
  /** Makes the (unopened) port; default a real serialport. */
  createPort?: (options: { path: string; baudRate: number }) => PrinterPort;
}

export interface SerialPrinter extends AgentDevice {
  /** Rejects DK_ERR_PRINTER_OFFLINE when not connected, DK_ERR_PRINTER_TIMEOUT past the deadline, DK_ERR_PRINTER_UNENCODABLE for text the code page lacks. */
  printTicket(job: TicketPrintJob): Promise<{ bytes: number }>;
  /** The token issuance receipt, same queue and failures as a ticket. */
  printReceipt(job: ReceiptPrintJob): Promise<{ bytes: number }>;
}

const defaultCreatePort = ({ path, baudRate }: { path: string; baudRate: number }): PrinterPort =>
  new SerialPort({ path, baudRate, autoOpen: false });

/** A missing device is "offline" (unplugged, simulator not running); anything else opening it is an error. */
function openFailure(error: Error): { state: 'offline' | 'error'; errorCode: ErrorCode } {
  return /ENOENT|No such file|ENXIO|No such device/i.test(error.message)
    ? { state: 'offline', errorCode: 'DK_ERR_PRINTER_OFFLINE' }
    : { state: 'error', errorCode: 'DK_ERR_SERIAL_PORT' };
}

export function createSerialPrinter(options: SerialPrinterOptions): SerialPrinter {
  const baudRate = options.baudRate ?? 9_600;
  const writeTimeoutMs = options.writeTimeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 1_000;
  const maxRetryMs = options.maxRetryMs ?? 2_000;
  const createPort = options.createPort ?? defaultCreatePort;
  const status = createStatusCell(
    {
      id: options.id,
      kind: 'printer',
      state: 'offline',
      simulated: options.simulated,
      errorCode: 'DK_ERR_PRINTER_OFFLINE',
      detail: 'connecting',
    },
    (id, state, code) => log('%s %s %s', id, state, code),
  );
  const setStatus = status.set;
  const retry = createBackoff({ firstMs: retryMs, maxMs: maxRetryMs, attempt: () => connect() });
  const scheduleRetry = retry.schedule;
  let port: PrinterPort | undefined;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();

  const lost = (candidate: PrinterPort, reason: string) => {
    if (port !== candidate) return;
    port = undefined;
    candidate.removeAllListeners();
    candidate.on('error', () => {});
    if (candidate.isOpen) candidate.close(() => {});
    if (closed) return;
    setStatus('offline', 'DK_ERR_PRINTER_OFFLINE', reason);
    scheduleRetry();
  };

  function connect() {
    if (closed) return;
    const candidate = createPort({ path: options.path, baudRate });
    candidate.on('error', (error: Error) => lost(candidate, error.message));
    candidate.open((error) => {
      if (closed) {
        if (!error) candidate.close(() => {});
        return;
      }
      if (error) {
        candidate.removeAllListeners();
        candidate.on('error', () => {});
        const failure = openFailure(error);
        setStatus(failure.state, failure.errorCode, error.message);
        scheduleRetry();
        return;
      }
      port = candidate;
      retry.reset();
      candidate.once('close', () => lost(candidate, 'port closed'));
      // Keep reading (and drop what the printer sends, e.g. automatic status bytes): only a
      // pending read notices the device going away (EIO), which is how an unplug shows up.
      candidate.on('data', () => {});
      setStatus('ready');
    });
  }

  const send = async (bytes: Uint8Array): Promise<void> => {
    const target = port;
    const current = status.current();
    if (!target || current.state === 'offline') throw new DangkyError('DK_ERR_PRINTER_OFFLINE', { detail: { printer: options.id } });
    if (current.state === 'error')
      throw new DangkyError(current.errorCode === 'DK_ERR_PRINTER_TIMEOUT' ? 'DK_ERR_PRINTER_TIMEOUT' : 'DK_ERR_PRINTER_OFFLINE', {
        detail: { printer: options.id },
      });
    setStatus('busy');
    let timedOut = false;
    const drained = new Promise<void>((resolve, reject) => {
      target.write(Buffer.from(bytes), (error) => error && reject(error));
      target.drain((error) => (error ? reject(error) : resolve()));
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new DangkyError('DK_ERR_PRINTER_TIMEOUT', { detail: { printer: options.id, timeoutMs: writeTimeoutMs } }));
      }, writeTimeoutMs);
    });
    // A printer out of paper stops reading; when the bytes finally drain it is ready again.
    drained.then(
      () => {
        if (timedOut && port === target && status.current().state === 'error') setStatus('ready');
      },
      () => undefined,
    );
    try {
      await Promise.race([drained, deadline]);
      if (port === target) setStatus('ready');
    } catch (error) {
      if (timedOut) {
        // Lost mid-job, the drain never answers: that is the unplug, not a slow printer.
        if (port !== target) throw new DangkyError('DK_ERR_PRINTER_OFFLINE', { cause: error, detail: { printer: options.id } });
        setStatus('error', 'DK_ERR_PRINTER_TIMEOUT', `no drain within ${writeTimeoutMs} ms`);
        throw error;
      }
      lost(target, error instanceof Error ? error.message : 'write failed');
      throw new DangkyError('DK_ERR_SERIAL_PORT', { cause: error, detail: { printer: options.id } });
    } finally {
      clearTimeout(timer);
    }
  };

  connect();

  const codePage = options.codePage === undefined ? {} : { codePage: options.codePage };
  const print = async (bytes: Uint8Array): Promise<{ bytes: number }> => {
    const run = queue.then(() => send(bytes));
    queue = run.catch(() => undefined);
    await run;
    log('%s printed %d bytes', options.id, bytes.length);
    return { bytes: bytes.length };
  };

  return {
    id: options.id,
    kind: 'printer',
    status: status.current,
    onStatus: status.onStatus,
    printTicket: async (job) => print(encodeTicket(job, codePage)),
    printReceipt: async (job) => print(encodeReceipt(job, codePage)),
    async close() {
      closed = true;
      retry.cancel();
      const open = port;
      port = undefined;
      if (open?.isOpen) await new Promise<void>((resolve) => open.close(() => resolve()));
      open?.removeAllListeners();
      setStatus('offline', 'DK_ERR_PRINTER_OFFLINE', 'closed');
      status.clear();
    },
  };
}

/** Resolves when the printer reports `state`, rejects after `timeoutMs` with the last status's code. */
export function waitForPrinterState(printer: AgentDevice, state: DeviceStatus['state'], timeoutMs: number): Promise<DeviceStatus> {
  if (printer.status().state === state) return Promise.resolve(printer.status());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const code = printer.status().errorCode;
      reject(new DangkyError(isErrorCode(code) ? code : 'DK_ERR_PRINTER_OFFLINE', { detail: { printer: printer.id, waitedFor: state } }));
    }, timeoutMs);
    const stop = printer.onStatus((status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      stop();
      resolve(status);
    });
  });
}
