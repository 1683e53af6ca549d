import type { Duplex } from 'node:stream';
import { CMD, MI_BIT } from '../pn532-commands.ts';
import { ACK_FRAME, ERROR_FRAME, NACK_FRAME, TFI_HOST_TO_PN532, TFI_PN532_TO_HOST, decodeFrames, encodeFrame } from '../pn532-frame.ts';
import type { VirtualChip } from './virtual-chip.ts';

/**
 * A virtual PN532 speaking the real HSU byte protocol on a stream (an in-memory pair, or one end
 * of a socat pseudo-terminal), with an optional virtual chip in its field. It ACKs every valid
 * frame, NACKs corrupt ones, answers the commands the driver uses, chains long answers with the
 * MI bit, and answers status 01 (timeout) when the card was removed.
 */

export interface VirtualPn532Options {
  chip?: VirtualChip;
  /** Largest DataIn per InDataExchange answer before chaining. Default 262 (UM0701-02 §7.3.8). */
  maxDataIn?: number;
  /**
   * Throttle the link to this many baud (8N1: 10 bits a byte, both directions charged to one
   * line clock), for the bench at 115,200. Default: no throttle.
   */
  baudRate?: number;
}

export class VirtualPn532 {
  chip: VirtualChip | undefined;
  /** Whether the card is in the field; set false to simulate a removal. */
  present: boolean;
  readonly #maxDataIn: number;
  #incoming: Uint8Array = new Uint8Array(0);
  #pendingCommand: Uint8Array[] = [];
  #pendingAnswer: Uint8Array = new Uint8Array(0);
  #port: Duplex | undefined;
  readonly #msPerByte: number;
  #lineFreeAt = 0;

  constructor(options: VirtualPn532Options = {}) {
    this.chip = options.chip;
    this.present = options.chip !== undefined;
    this.#maxDataIn = options.maxDataIn ?? 262;
    this.#msPerByte = options.baudRate ? 10_000 / options.baudRate : 0;
  }

  /** Serves the protocol on `port` until it closes. */
  attach(port: Duplex): void {
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  /** Takes the card away (tag loss); `insert` puts it back. */
  remove(): void {
    this.present = false;
    this.chip?.reset();
  }

  insert(): void {
    this.present = this.chip !== undefined;
  }

  #send(bytes: Uint8Array): void {
    if (this.#msPerByte === 0) {
      this.#port?.write(bytes);
      return;
    }
    const now = performance.now();
    this.#lineFreeAt = Math.max(now, this.#lineFreeAt) + bytes.length * this.#msPerByte;
    const copy = bytes.slice();
    setTimeout(() => this.#port?.write(copy), this.#lineFreeAt - now);
  }

  #receive(chunk: Uint8Array): void {
    if (this.#msPerByte > 0) this.#lineFreeAt = Math.max(performance.now(), this.#lineFreeAt) + chunk.length * this.#msPerByte;
    const joined = new Uint8Array(this.#incoming.length + chunk.length);
    joined.set(this.#incoming);
    joined.set(chunk, this.#incoming.length);
    const { frames, rest } = decodeFrames(joined);
    this.#incoming = rest;
    for (const frame of frames) {
      if (frame.type === 'corrupt') this.#send(NACK_FRAME);
      if (frame.type !== 'data' || frame.tfi !== TFI_HOST_TO_PN532) continue;
      this.#send(ACK_FRAME);
      const answer = this.#answer(frame.data);
      this.#send(answer ? encodeFrame(TFI_PN532_TO_HOST, answer) : ERROR_FRAME);
    }
  }

  #answer(body: Uint8Array): Uint8Array | undefined {
    const [command, a = 0, b = 0] = body;
    switch (command) {
      case CMD.getFirmwareVersion:
        return Uint8Array.of(0x03, 0x32, 0x01, 0x06, 0x07);
      case CMD.samConfiguration:
        return Uint8Array.of(0x15);
      case CMD.inListPassiveTarget: {
        if (!this.present || !this.chip) return Uint8Array.of(0x4b, 0x00);
        this.chip.reset();
        if (b === 0x03) return Uint8Array.of(0x4b, 0x01, 0x01, 0x50, 1, 2, 3, 4, 0, 0, 0, 0, 0x00, 0x71, 0x81, 0x00, 0x01, 0x00);
        return Uint8Array.of(0x4b, 0x01, 0x01, 0x00, 0x04, 0x20, 0x04, 0x08, 0x12, 0x34, 0x56, 0x05, 0x78, 0x77, 0xb1, 0x02);
      }
      case CMD.inDataExchange: {
        if (!this.present || !this.chip) return Uint8Array.of(0x41, 0x01);
        const piece = body.subarray(2);
        if (a & MI_BIT) {
          this.#pendingCommand.push(piece.slice());
          return Uint8Array.of(0x41, 0x00);
        }
        if (piece.length === 0 && this.#pendingCommand.length === 0 && this.#pendingAnswer.length > 0) return this.#nextAnswerPiece();
        const apdu = Buffer.concat([...this.#pendingCommand, piece]);
        this.#pendingCommand = [];
        this.#pendingAnswer = this.chip.transceive(apdu);
        return this.#nextAnswerPiece();
      }
      case CMD.inRelease:
        return Uint8Array.of(0x53, 0x00);
      default:
        return undefined;
    }
  }

  #nextAnswerPiece(): Uint8Array {
    const piece = this.#pendingAnswer.subarray(0, this.#maxDataIn);
    this.#pendingAnswer = this.#pendingAnswer.subarray(piece.length);
    return Uint8Array.of(0x41, this.#pendingAnswer.length > 0 ? MI_BIT : 0x00, ...piece);
  }
}
