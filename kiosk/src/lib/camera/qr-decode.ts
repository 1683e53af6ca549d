import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';

/**
 * Finding and decoding the card's QR in one camera frame, with zxing-cpp compiled to wasm
 * (zxing-wasm's reader build). The wasm never comes from a CDN: the caller says where this app
 * serves it (`wasmUrl`, the kiosk's own precached asset) or hands the bytes (`wasmBinary`, Node:
 * the benchmark and tests). Pure apart from the wasm: no DOM, no camera — see qr-camera.ts.
 */

/** An RGBA frame as a canvas gives it (`ImageData` fits). */
export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type QrWasmSource = { wasmUrl: string } | { wasmBinary: ArrayBuffer };

/** QR only, one symbol: the card has one, and other formats cost time per frame. */
const readerOptions: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Loads the decoder (once per source); resolves when it is ready to decode. */
export async function prepareQrDecoder(source: QrWasmSource): Promise<void> {
  const overrides =
    'wasmUrl' in source
      ? { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.wasmUrl : prefix + path) }
      : { wasmBinary: source.wasmBinary };
  await prepareZXingModule({ overrides, fireImmediately: true });
}

/**
 * The payload of the QR in `frame`, or null when none was found. The card's payload is UTF-8
 * without an ECI marker, so the raw bytes are decoded as UTF-8 rather than trusting the decoder's
 * character-set guess; bytes that are not UTF-8 fall back to its text.
 */
export async function decodeQr(frame: Frame): Promise<string | null> {
  const [found] = await readBarcodes(frame as ImageData, readerOptions);
  if (!found?.isValid) return null;
  try {
    return utf8.decode(found.bytes);
  } catch {
    return found.text;
  }
}
