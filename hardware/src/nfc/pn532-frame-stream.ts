import { Transform, type TransformCallback } from 'node:stream';
import { FrameDecoder, type DecodeOptions, type Pn532Frame } from './pn532-frame.ts';

/**
 * The serial byte stream → PN532 frames (object mode), for stream pipelines. All logic is in the
 * pure `decodeFrames` through `FrameDecoder` (which keeps the unfinished tail between chunks);
 * the driver uses `FrameDecoder` directly, without a transform between the port and itself.
 */
export class Pn532FrameStream extends Transform {
  readonly #decoder: FrameDecoder;

  constructor(options: DecodeOptions = {}) {
    super({ readableObjectMode: true });
    this.#decoder = new FrameDecoder(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const frame of this.#decoder.feed(chunk)) this.push(frame satisfies Pn532Frame);
    callback();
  }
}
