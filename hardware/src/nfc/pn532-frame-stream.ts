import { Transform, type TransformCallback } from 'node:stream';
import { decodeFrames, type DecodeOptions, type Pn532Frame } from './pn532-frame.ts';

/**
 * The serial byte stream → PN532 frames (object mode). All logic is in the pure `decodeFrames`;
 * this only keeps the unfinished tail between chunks, bounded so line noise cannot grow it.
 */
export class Pn532FrameStream extends Transform {
  #rest: Uint8Array = new Uint8Array(0);
  readonly #options: DecodeOptions;

  constructor(options: DecodeOptions = {}) {
    super({ readableObjectMode: true });
    this.#options = options;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const joined = new Uint8Array(this.#rest.length + chunk.length);
    joined.set(this.#rest, 0);
    joined.set(chunk, this.#rest.length);
    const { frames, rest } = decodeFrames(joined, this.#options);
    this.#rest = rest.length > 4096 ? new Uint8Array(0) : rest;
    for (const frame of frames) this.push(frame satisfies Pn532Frame);
    callback();
  }
}
