/**
 * Writes the simulator's synthetic face photos beside this file, once (they are committed):
 * `face.jpg` (baseline JPEG) and `face.jp2` (JPEG 2000 in a JP2 file, as chips store it).
 *
 *     npx tsx hardware/src/nfc/sim/make-face.ts
 *
 * Sizes are tuned so each DG2 is 12–16 KB, like a real chip's (the bench counts APDUs on that).
 */
import { concatBytes } from '@dangky/core/icao';
import jpeg from 'jpeg-js';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { drawSyntheticFace, type FaceImage } from './synthetic-face.ts';

interface J2KEncoder {
  getDecodedBuffer(info: {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
    isUsingColorTransform: boolean;
  }): Uint8Array;
  setQuality(lossless: boolean, layers: number): void;
  setCompressionRatio(layer: number, ratio: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}

/** Baseline JPEG at `quality` (1–100). */
export function encodeFaceJpeg(face: FaceImage, quality: number): Uint8Array {
  const rgba = new Uint8Array(face.width * face.height * 4);
  for (let p = 0; p < face.width * face.height; p++) {
    rgba.set(face.rgb.subarray(p * 3, p * 3 + 3), p * 4);
    rgba[p * 4 + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width: face.width, height: face.height }, quality).data);
}

const box = (type: string, payload: Uint8Array): Uint8Array => {
  const out = new Uint8Array(8 + payload.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(payload, 8);
  return out;
};

/** A JP2 file around a codestream: signature, ftyp, jp2h (ihdr, colr: sRGB = 16, or sYCC = 18), jp2c. */
export function wrapJp2(codestream: Uint8Array, face: FaceImage, enumCs: 16 | 18 = 16): Uint8Array {
  const ihdr = new Uint8Array(14);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, face.height);
  view.setUint32(4, face.width);
  view.setUint16(8, 3); // components
  ihdr[10] = 7; // 8 bits, unsigned
  ihdr[11] = 7; // compression type: JPEG 2000
  const colr = Uint8Array.of(1, 0, 0, 0, 0, 0, enumCs); // enumerated colour space
  const ftyp = concatBytes(new TextEncoder().encode('jp2 '), new Uint8Array(4), new TextEncoder().encode('jp2 '));
  return concatBytes(
    box('jP  ', Uint8Array.of(0x0d, 0x0a, 0x87, 0x0a)),
    box('ftyp', ftyp),
    box('jp2h', concatBytes(box('ihdr', ihdr), box('colr', colr))),
    box('jp2c', codestream),
  );
}

/** Lossy JPEG 2000 codestream at a compression `ratio` (e.g. 16 for 1/16 of the raw size). */
export async function encodeFaceJpeg2000(face: FaceImage, ratio: number, options: { colourTransform?: boolean } = {}): Promise<Uint8Array> {
  const factory = createRequire(import.meta.url)('@cornerstonejs/codec-openjpeg/wasmjs') as (
    options: object,
  ) => Promise<{ J2KEncoder: new () => J2KEncoder }>;
  const codec = await factory({ print() {}, printErr() {} });
  const encoder = new codec.J2KEncoder();
  try {
    encoder
      .getDecodedBuffer({
        width: face.width,
        height: face.height,
        bitsPerSample: 8,
        componentCount: 3,
        isSigned: false,
        isUsingColorTransform: options.colourTransform ?? true,
      })
      .set(face.rgb);
    encoder.setQuality(false, 1); // lossy 9/7 wavelet, one quality layer
    encoder.setCompressionRatio(0, ratio);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const face = drawSyntheticFace();
  const jpg = encodeFaceJpeg(face, Number(process.env.JPEG_QUALITY ?? 80));
  const jp2 = wrapJp2(await encodeFaceJpeg2000(face, Number(process.env.JP2_RATIO ?? 17)), face);
  writeFileSync(new URL('./face.jpg', import.meta.url), jpg);
  writeFileSync(new URL('./face.jp2', import.meta.url), jp2);
  process.stdout.write(`face.jpg ${jpg.length} bytes, face.jp2 ${jp2.length} bytes (${face.width} × ${face.height})\n`);
}
