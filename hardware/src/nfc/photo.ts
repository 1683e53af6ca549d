import { DangkyError } from '@dangky/core/errors';
import { parseDg2 } from '@dangky/core/icao';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { PNG } from 'pngjs';

/**
 * The chip's face photo in a form Chromium displays (the clerk compares it with the
 * person at the counter). A JPEG passes through untouched. A JPEG 2000 — which Chromium cannot
 * show — is decoded and re-encoded as PNG.
 *
 * Decoder: `@cornerstonejs/codec-openjpeg`, OpenJPEG (the reference JPEG 2000 codec) compiled to
 * WebAssembly. Chosen because it is maintained (releases in 2026, used by the Cornerstone medical
 * imaging viewers on far larger images than ours), ships its .wasm inside the npm package (no
 * native build, no download at run time, works on Node 20), and decodes both the full JPEG 2000
 * part 1 profile and lossless/lossy variants; the pure-JS `jpeg2000`/`jpx` ports are older
 * pdf.js forks, unmaintained, and `openjpeg` (0.2) is a 2015 Emscripten build. Its package also
 * has the encoder, which made the simulator's JPEG 2000 photo.
 *
 * The decoder only reads a raw codestream, so a JP2 file (what ICAO chips usually hold) is
 * unwrapped from its `jp2c` box here. Decoding runs in a short-lived worker thread: the wasm call is
 * synchronous and cannot be interrupted, so the deadline is enforced by terminating the worker,
 * and the decoded pixels never stay in the agent's heap. The size is checked from the header
 * before any pixel is decoded.
 */
export interface DisplayablePhoto {
  mime: 'image/jpeg' | 'image/png';
  data: Uint8Array;
  /** Pixel size of the image itself (not the DG2 header's claim). */
  width: number;
  height: number;
  /** The format the chip stored. */
  sourceFormat: 'jpeg' | 'jpeg2000';
}

export interface DisplayablePhotoOptions {
  /** Largest width and height accepted, in pixels. Default 2000 (chip photos are ~ 400 × 500). */
  maxDimension?: number;
  /** Time allowed for decoding a JPEG 2000, in milliseconds. Default 5000. */
  deadlineMs?: number;
}

const DEFAULT_MAX_DIMENSION = 2000;
const DEFAULT_DEADLINE_MS = 5000;

const unsupported = (reason: string, detail: Record<string, unknown> = {}, cause?: unknown): DangkyError =>
  new DangkyError('DK_ERR_CHIP_PHOTO_UNSUPPORTED', { ...(cause === undefined ? {} : { cause }), detail: { reason, ...detail } });

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) * 0x100 + (b[at + 1] ?? 0);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) * 0x10000 + u16(b, at + 2);

/** A DG2's face as JPEG (passed through) or PNG (from JPEG 2000), refusing oversize images. */
export async function displayablePhoto(dg2: Uint8Array, options: DisplayablePhotoOptions = {}): Promise<DisplayablePhoto> {
  const maxDimension = options.maxDimension ?? DEFAULT_MAX_DIMENSION;
  const face = parseDg2(dg2);
  const checkSize = (width: number, height: number) => {
    if (width < 1 || height < 1 || width > maxDimension || height > maxDimension) {
      throw unsupported('image size out of range', { width, height, maxDimension });
    }
  };
  if (face.format === 'jpeg') {
    const { width, height } = jpegSize(face.image);
    checkSize(width, height);
    return { mime: 'image/jpeg', data: face.image.slice(), width, height, sourceFormat: 'jpeg' };
  }
  // The colour space is in the JP2 header, not the codestream, and OpenJPEG's decoder does not
  // apply it: sYCC samples come out as Y, Cb, Cr and are turned into RGB here (shown as they are,
  // they would be a green-and-purple face).
  const colourSpace = jp2ColourSpace(face.image);
  if (colourSpace === ENUM_CS.CMYK) throw unsupported('CMYK JPEG 2000', { colourSpace });
  const decoded = await decodeJpeg2000(jpeg2000Codestream(face.image), {
    maxDimension,
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
  });
  checkSize(decoded.width, decoded.height);
  return {
    mime: 'image/png',
    data: toPng(decoded, colourSpace === ENUM_CS.sYCC),
    width: decoded.width,
    height: decoded.height,
    sourceFormat: 'jpeg2000',
  };
}

/** Width and height from a JPEG's SOF marker (any SOF0–SOF15 but DHT/JPG/DAC), scanning markers only. */
export function jpegSize(jpeg: Uint8Array): { width: number; height: number } {
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) throw unsupported('JPEG marker expected', { offset: at });
    const marker = jpeg[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan: no SOF before
    const length = u16(jpeg, at + 2);
    if (length < 2) throw unsupported('JPEG segment length', { offset: at });
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (at + 9 > jpeg.length) break;
      return { height: u16(jpeg, at + 5), width: u16(jpeg, at + 7) };
    }
    at += 2 + length;
  }
  throw unsupported('JPEG has no frame header');
}

/**
 * The JPEG 2000 codestream: a raw `FF4FFF51` codestream as is, or the contents of the first
 * top-level `jp2c` box of a JP2 file (box length 0 = to the end, 1 = 64-bit length follows).
 */
export function jpeg2000Codestream(image: Uint8Array): Uint8Array {
  if (image[0] === 0xff && image[1] === 0x4f) return image;
  const codestream = findBox(image, 0x6a703263 /* jp2c */);
  if (!codestream) throw unsupported('JP2 file has no codestream box');
  return codestream;
}

/** The payload of the first box of `type` among the boxes in `bytes` (one level, no recursion). */
function findBox(bytes: Uint8Array, type: number): Uint8Array | undefined {
  let at = 0;
  for (let boxes = 0; at + 8 <= bytes.length && boxes < 64; boxes++) {
    let length = u32(bytes, at);
    const boxType = u32(bytes, at + 4);
    let header = 8;
    if (length === 1) {
      if (at + 16 > bytes.length) break;
      length = u32(bytes, at + 8) * 0x1_0000_0000 + u32(bytes, at + 12);
      header = 16;
    } else if (length === 0) {
      length = bytes.length - at;
    }
    if (length < header || at + length > bytes.length) throw unsupported('JP2 box length out of range', { offset: at });
    if (boxType === type) return bytes.subarray(at + header, at + length);
    at += length;
  }
  return undefined;
}

/** JP2 enumerated colour spaces (ISO/IEC 15444-1 Annex I.5.3.3) that matter here. */
const ENUM_CS = { sRGB: 16, greyscale: 17, sYCC: 18, CMYK: 12 } as const;

/**
 * The enumerated colour space the JP2 header declares (`jp2h` → `colr`, method 1), or undefined
 * (a raw codestream, an ICC profile, or no colour box: taken as RGB / grey as decoded).
 */
export function jp2ColourSpace(image: Uint8Array): number | undefined {
  if (image[0] === 0xff && image[1] === 0x4f) return undefined;
  const jp2h = findBox(image, 0x6a703268 /* jp2h */);
  const colr = jp2h && findBox(jp2h, 0x636f6c72 /* colr */);
  if (!colr || colr.length < 7 || colr[0] !== 1) return undefined;
  return u32(colr, 3);
}

interface DecodedImage {
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  /** Interleaved samples; 16-bit little-endian when bitsPerSample > 8. */
  pixels: Uint8Array;
}

/** CommonJS worker body (eval'd, so it needs no TypeScript loader). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const factory = require(workerData.codecPath);
factory({ print() {}, printErr() {} }).then((codec) => {
  const decoder = new codec.J2KDecoder();
  try {
    decoder.getEncodedBuffer(workerData.codestream.length).set(workerData.codestream);
    decoder.readHeader();
    const header = decoder.getFrameInfo();
    if (header.width > workerData.maxDimension || header.height > workerData.maxDimension) {
      parentPort.postMessage({ tooLarge: { width: header.width, height: header.height } });
      return;
    }
    decoder.decode();
    const info = decoder.getFrameInfo();
    const pixels = new Uint8Array(decoder.getDecodedBuffer());
    parentPort.postMessage({ image: { width: info.width, height: info.height, components: info.componentCount, bitsPerSample: info.bitsPerSample, pixels } }, [pixels.buffer]);
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message || error) });
  } finally {
    decoder.delete();
  }
}, (error) => parentPort.postMessage({ failed: String(error && error.message || error) }));
`;

type WorkerAnswer = { image: DecodedImage } | { tooLarge: { width: number; height: number } } | { failed: string };

async function decodeJpeg2000(codestream: Uint8Array, limits: { maxDimension: number; deadlineMs: number }): Promise<DecodedImage> {
  const codecPath = createRequire(import.meta.url).resolve('@cornerstonejs/codec-openjpeg/decodewasmjs');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { codecPath, codestream, maxDimension: limits.maxDimension },
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new DangkyError('DK_ERR_CHIP_PHOTO_TIMEOUT', { detail: { deadlineMs: limits.deadlineMs } })),
        limits.deadlineMs,
      );
      worker.once('message', resolve);
      worker.once('error', (error) => reject(unsupported('JPEG 2000 decoder crashed', {}, error)));
      worker.once('exit', (code) => reject(unsupported('JPEG 2000 decoder exited', { code })));
    });
    if ('tooLarge' in answer) throw unsupported('image size out of range', { ...answer.tooLarge, maxDimension: limits.maxDimension });
    if ('failed' in answer) throw unsupported('JPEG 2000 did not decode', { error: answer.failed });
    return answer.image;
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

/**
 * Decoded samples (grey, grey + alpha, RGB or RGBA; 1–16 bits) → an 8-bit RGBA PNG. With `ycc`
 * the first three components are sYCC (IEC 61966-2-1 Amd. 1: full-range Y, Cb and Cr centred on
 * half scale), converted with the same equations as OpenJPEG's own `opj_decompress`.
 */
function toPng(image: DecodedImage, ycc = false): Uint8Array {
  const { width, height, components, bitsPerSample, pixels } = image;
  if (![1, 2, 3, 4].includes(components)) throw unsupported('unsupported component count', { components });
  if (bitsPerSample < 1 || bitsPerSample > 16) throw unsupported('unsupported sample depth', { bitsPerSample });
  const wide = bitsPerSample > 8;
  const count = width * height;
  if (pixels.length < count * components * (wide ? 2 : 1)) throw unsupported('decoded buffer shorter than the image');
  const scale = 255 / (2 ** bitsPerSample - 1);
  const sample = wide
    ? (i: number) => ((pixels[2 * i] ?? 0) | ((pixels[2 * i + 1] ?? 0) << 8)) * scale
    : (i: number) => (pixels[i] ?? 0) * scale;
  const png = new PNG({ width, height });
  const convert = ycc && components >= 3;
  const chromaZero = 2 ** (bitsPerSample - 1) * scale; // Cb, Cr are centred on half scale
  const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
  for (let p = 0; p < count; p++) {
    const s = p * components;
    const grey = components < 3;
    if (convert) {
      const y = sample(s);
      const cb = sample(s + 1) - chromaZero;
      const cr = sample(s + 2) - chromaZero;
      png.data[p * 4] = clamp(y + 1.402 * cr);
      png.data[p * 4 + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      png.data[p * 4 + 2] = clamp(y + 1.772 * cb);
    } else {
      const r = sample(s);
      png.data[p * 4] = r;
      png.data[p * 4 + 1] = grey ? r : sample(s + 1);
      png.data[p * 4 + 2] = grey ? r : sample(s + 2);
    }
    png.data[p * 4 + 3] = components === 2 ? sample(s + 1) : components === 4 ? sample(s + 3) : 255;
  }
  return new Uint8Array(PNG.sync.write(png));
}
