import { EventEmitter } from 'node:events';
import { readSync, writeSync } from 'node:fs';
import { DangkyError } from '@dangky/core/errors';

/**
 * A serial port's file descriptor read and written on the event-loop thread, for the PN532
 * driver. Why not serialport's stream: it reads through the libuv thread pool, and each read is
 * first tried (failing with EAGAIN: an Error and a rejected promise), then waits for the poller,
 * then is tried again on the pool. At 115,200 baud the PN532's ACK and its answer arrive in
 * separate loop turns, so that was paid about four times per command and was the largest part
 * of the reader's CPU per card read. Why not a Node stream at all: the driver wants each chunk as
 * it comes and writes one small frame at a time; the Readable/Writable bookkeeping per chunk
 * (push, nextTick read-more, write callbacks) was the next largest part.
 *
 * Here a readable event is one non-blocking read(2) and a write is one non-blocking write(2).
 * serialport (`@serialport/bindings-cpp`) still opens, configures and closes the fd; its poller
 * (a uv_poll on the fd, level-triggered) says when to read. Events: 'data' (Buffer), 'error',
 * 'close' — the subset of a Duplex the driver listens to.
 */

/** What this needs of bindings-cpp's Poller: 'readable' events (error = cancelled or failed), one per `poll(1)`. */
export interface FdPoller {
  on(event: 'readable', listener: (error: Error | null) => void): unknown;
  poll(flags: number): void;
}

const UV_READABLE = 1;
const READ_SIZE = 4096;
/** How long a full output queue may stay full before the write fails, ms. */
const WRITE_DEADLINE_MS = 2_000;

const errnoCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
const retryable = (code: string | undefined) => code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR';

export class SerialFdPort extends EventEmitter {
  readonly #fd: number;
  readonly #poller: FdPoller;
  readonly #buffer = Buffer.allocUnsafe(READ_SIZE);
  /** Bytes not yet taken by the kernel (only when its output queue was full). */
  #unsent: Uint8Array[] = [];
  #retry: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(fd: number, poller: FdPoller) {
    super();
    this.#fd = fd;
    this.#poller = poller;
    poller.on('readable', (error) => this.#readable(error));
    poller.poll(UV_READABLE);
  }

  get closed(): boolean {
    return this.#closed;
  }

  #readable(error: Error | null): void {
    if (this.#closed) return;
    if (error) {
      // serialport stops the poller with a "Canceled" error when it closes the port.
      this.#end((error as { canceled?: boolean }).canceled ? undefined : new DangkyError('DK_ERR_SERIAL_PORT', { cause: error }));
      return;
    }
    let n: number;
    try {
      n = readSync(this.#fd, this.#buffer, 0, READ_SIZE, null);
    } catch (cause) {
      const code = errnoCode(cause);
      // EIO / ENXIO / EBADF: the adapter was unplugged or the port closed under us.
      if (!retryable(code)) return this.#end(new DangkyError('DK_ERR_SERIAL_PORT', { cause, detail: { reason: code ?? 'read failed' } }));
      n = -1; // a spurious wake-up
    }
    if (n === 0) return this.#end(new DangkyError('DK_ERR_SERIAL_PORT', { detail: { reason: 'hang-up' } }));
    if (n > 0) this.emit('data', Buffer.from(this.#buffer.subarray(0, n)));
    // Level-triggered: anything that did not fit, or came meanwhile, wakes us again at once.
    if (!this.#closed) this.#poller.poll(UV_READABLE);
  }

  /** Queues `bytes` for the line; false when the kernel did not take them all at once. */
  write(bytes: Uint8Array): boolean {
    if (this.#closed) throw new DangkyError('DK_ERR_SERIAL_PORT', { detail: { reason: 'port closed' } });
    this.#unsent.push(bytes);
    if (this.#unsent.length === 1) this.#flush(performance.now() + WRITE_DEADLINE_MS);
    return this.#unsent.length === 0;
  }

  #flush(deadline: number): void {
    this.#retry = undefined;
    while (this.#unsent.length > 0 && !this.#closed) {
      const head = this.#unsent[0] as Uint8Array;
      let n: number;
      try {
        n = writeSync(this.#fd, head);
      } catch (cause) {
        const code = errnoCode(cause);
        if (!retryable(code))
          return this.#end(new DangkyError('DK_ERR_SERIAL_PORT', { cause, detail: { reason: code ?? 'write failed' } }));
        n = 0;
      }
      if (n >= head.length) {
        this.#unsent.shift();
        continue;
      }
      this.#unsent[0] = head.subarray(n);
      // The output queue is full (a slow line or a stalled device): try again shortly, not forever.
      if (performance.now() > deadline) return this.#end(new DangkyError('DK_ERR_SERIAL_PORT', { detail: { reason: 'write timed out' } }));
      this.#retry = setTimeout(() => this.#flush(deadline), 2);
      return;
    }
  }

  /** Stops reading and writing (serialport closes the fd); emits 'close'. */
  destroy(): void {
    this.#end(undefined);
  }

  #end(error: DangkyError | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#unsent = [];
    if (error && this.listenerCount('error') > 0) this.emit('error', error);
    this.emit('close');
  }
}
