import type { EventEmitter } from 'node:events';
import { DangkyError } from '@dangky/core/errors';
import {
  CMD,
  getFirmwareVersionCommand,
  inDataExchangeCommands,
  inListPassiveTargetCommand,
  inReleaseCommand,
  parseFirmwareVersion,
  parseInDataExchange,
  parseInListPassiveTarget,
  parseInRelease,
  parseSamConfiguration,
  pn532StatusError,
  samConfigurationCommand,
  type CardType,
  type FirmwareVersion,
  type TargetA,
  type TargetB,
} from './pn532-commands.ts';
import {
  ACK_FRAME,
  FrameDecoder,
  HSU_WAKEUP,
  NACK_FRAME,
  TFI_HOST_TO_PN532,
  TFI_PN532_TO_HOST,
  encodeFrame,
  type Pn532Frame,
} from './pn532-frame.ts';

/**
 * PN532 driver over an injected byte stream (a serialport, a pseudo-terminal, or an in-memory
 * pair in tests). One command at a time: send the frame, wait for the ACK (resend on NACK, a
 * corrupt frame or silence), wait for the answer (NACK a corrupt one so the PN532 resends), each
 * wait under its own deadline. APDUs go through InDataExchange with MI chaining both ways.
 */

/**
 * What the driver needs of its line: 'data' (byte chunks), 'close' and 'error' events, and
 * `write`. A Duplex (serialport's stream, an in-memory pair in tests) is one; so is
 * `SerialFdPort`, which the agent and the CLI use on Linux and macOS (see serial-link.ts).
 */
export type Pn532Port = Pick<EventEmitter, 'on'> & { write(bytes: Uint8Array): unknown };

export interface Pn532Options {
  port: Pn532Port;
  /** Wait for the ACK of a command, ms. Default 100. */
  ackTimeoutMs?: number;
  /** Wait for a command's answer, ms. Default 1,500 (a chip computing a signature is slow). */
  responseTimeoutMs?: number;
  /** Resends of one command after a NACK, a corrupt ACK or silence. Default 2. */
  retries?: number;
}

export interface WireStats {
  bytesWritten: number;
  bytesRead: number;
  commands: number;
}

type Waiter = { resolve: (frame: Pn532Frame) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> };

export class Pn532 {
  readonly #port: Pn532Port;
  readonly #ackTimeoutMs: number;
  readonly #responseTimeoutMs: number;
  readonly #retries: number;
  readonly #frames: Pn532Frame[] = [];
  #waiter: Waiter | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed: Error | undefined;
  readonly stats: WireStats = { bytesWritten: 0, bytesRead: 0, commands: 0 };
  target: TargetA | TargetB | undefined;

  constructor(options: Pn532Options) {
    this.#port = options.port;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 100;
    this.#responseTimeoutMs = options.responseTimeoutMs ?? 1_500;
    this.#retries = options.retries ?? 2;
    // Frames are cut straight out of each chunk (no transform stream in between: at 115,200 baud
    // every ACK and answer is its own chunk, and per-chunk stream machinery is measurable).
    const decoder = new FrameDecoder();
    this.#port.on('data', (chunk: Buffer) => {
      this.stats.bytesRead += chunk.length;
      for (const frame of decoder.feed(chunk)) this.#push(frame);
    });
    const lost = () => this.#fail(new DangkyError('DK_ERR_SERIAL_PORT', { detail: { reason: 'port closed' } }));
    this.#port.on('close', lost);
    this.#port.on('error', (cause: Error) => this.#fail(new DangkyError('DK_ERR_SERIAL_PORT', { cause })));
  }

  #push(frame: Pn532Frame): void {
    const waiter = this.#waiter;
    if (!waiter) {
      if (this.#frames.length < 16) this.#frames.push(frame);
      return;
    }
    this.#waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(frame);
  }

  #fail(error: Error): void {
    this.#closed ??= error;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  #next(timeoutMs: number): Promise<Pn532Frame | 'timeout'> {
    if (this.#closed) return Promise.reject(this.#closed);
    const queued = this.#frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        resolve('timeout');
      }, timeoutMs);
      this.#waiter = { resolve, reject, timer };
    });
  }

  #write(bytes: Uint8Array): void {
    if (this.#closed) throw this.#closed;
    this.stats.bytesWritten += bytes.length;
    this.#port.write(bytes);
  }

  /** Sends one command body (after TFI D4) and returns the answer body (after TFI D5). */
  command(body: Uint8Array, responseTimeoutMs = this.#responseTimeoutMs): Promise<Uint8Array> {
    const run = this.#queue.then(() => this.#command(body, responseTimeoutMs));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #command(body: Uint8Array, responseTimeoutMs: number): Promise<Uint8Array> {
    const frame = encodeFrame(TFI_HOST_TO_PN532, body);
    // InDataExchange forwards an APDU to the card: run twice, it breaks secure messaging (the
    // chip's send sequence counter moves on). A missing or garbled ACK does not say the PN532
    // did not get the command — only that we did not get its ACK — so for it we wait for the
    // answer instead of resending, and resend only once the answer deadline has passed in
    // silence (by then the PN532's own card timeout has long expired: it never got the frame).
    const oncePerSend = body[0] === CMD.inDataExchange;
    this.#frames.length = 0; // answers to an abandoned command are stale
    for (let attempt = 0; attempt <= this.#retries; attempt++) {
      this.stats.commands++;
      this.#write(frame);
      const ack = await this.#next(this.#ackTimeoutMs);
      if (ack !== 'timeout' && ack.type === 'error')
        throw new DangkyError('DK_ERR_NFC_READER_ERROR', { detail: { reason: 'error frame' } });
      const acked = ack !== 'timeout' && ack.type === 'ack';
      // NACK: the PN532 asks for the frame again, it did not take it.
      if (!acked && (!oncePerSend || (ack !== 'timeout' && ack.type === 'nack'))) continue;
      // Not acknowledged but maybe executed: an answer now (a late ACK is skipped) proves it ran.
      const early = !acked && ack !== 'timeout' && ack.type === 'data' ? ack : undefined;
      let silent = false;
      for (let nacks = 0; nacks <= this.#retries; nacks++) {
        let answer = early && nacks === 0 ? early : await this.#next(responseTimeoutMs);
        if (!acked && answer !== 'timeout' && answer.type === 'ack') answer = await this.#next(responseTimeoutMs);
        if (answer === 'timeout') {
          this.#write(ACK_FRAME); // an ACK from the host aborts the pending command
          if (!acked) {
            silent = true; // silence throughout: the command never arrived; send it again
            break;
          }
          throw new DangkyError('DK_ERR_NFC_READER_TIMEOUT', { detail: { command: body[0] } });
        }
        if (answer.type === 'corrupt') {
          this.#write(NACK_FRAME);
          continue;
        }
        if (answer.type === 'error') throw new DangkyError('DK_ERR_NFC_READER_ERROR', { detail: { reason: 'error frame' } });
        if (answer.type === 'data' && answer.tfi === TFI_PN532_TO_HOST && answer.data[0] === (body[0] ?? 0) + 1) return answer.data;
      }
      if (!silent) throw new DangkyError('DK_ERR_NFC_FRAME_MALFORMED', { detail: { reason: 'no valid answer', command: body[0] } });
    }
    throw new DangkyError('DK_ERR_NFC_READER_TIMEOUT', { detail: { reason: 'no ACK', command: body[0] } });
  }

  /** HSU wake-up preamble, then SAMConfiguration (normal mode): required once after power-on. */
  async wakeUp(): Promise<void> {
    this.#write(HSU_WAKEUP);
    parseSamConfiguration(await this.command(samConfigurationCommand()));
  }

  async firmwareVersion(): Promise<FirmwareVersion> {
    return parseFirmwareVersion(await this.command(getFirmwareVersionCommand()));
  }

  /** Looks for one ISO 14443 card; `undefined` when the field is empty. */
  async detect(type: CardType = 'A'): Promise<TargetA | TargetB | undefined> {
    this.target = parseInListPassiveTarget(await this.command(inListPassiveTargetCommand(type)), type);
    return this.target;
  }

  /** One APDU to the activated card and its whole response (MI-chained pieces joined). */
  async transceive(apdu: Uint8Array): Promise<Uint8Array> {
    const target = this.target?.target;
    if (target === undefined) throw new DangkyError('DK_ERR_NFC_NO_CARD');
    let answer;
    for (const command of inDataExchangeCommands(target, apdu)) {
      answer = parseInDataExchange(await this.command(command));
      if (answer.status !== 0) throw pn532StatusError(answer.status);
    }
    if (!answer) throw new DangkyError('DK_ERR_NFC_FRAME_MALFORMED');
    const parts = [answer.data];
    for (let guard = 0; answer.more; guard++) {
      if (guard > 300) throw new DangkyError('DK_ERR_NFC_FRAME_MALFORMED', { detail: { reason: 'endless chaining' } });
      answer = parseInDataExchange(await this.command(Uint8Array.of(0x40, target)));
      if (answer.status !== 0) throw pn532StatusError(answer.status);
      parts.push(answer.data);
    }
    return Buffer.concat(parts);
  }

  async release(): Promise<void> {
    const status = parseInRelease(await this.command(inReleaseCommand()));
    this.target = undefined;
    if (status !== 0) throw pn532StatusError(status);
  }
}
