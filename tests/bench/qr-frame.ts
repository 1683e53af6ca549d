import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { createRng } from '../generator/rng.ts';

/**
 * Synthetic card fronts for the camera QR path: a 1280×720 RGBA camera frame with the card's QR
 * (encoded by zxing-cpp's writer from a synthetic payload) on a pale card, placed, sized and
 * lit by a seeded Rng, with sensor noise. Used by the QR decode benchmark and by the Playwright
 * fake camera (as Y4M). Synthetic people only.
 */

export interface QrFrame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface QrFrameOptions {
  payload: string;
  seed: number;
  /** Default 1,280 × 720 (the kiosk camera's capture size). */
  width?: number;
  height?: number;
  /** Pixels per QR module; default drawn from 4–7 (a card held 20–35 cm from a 720p camera). */
  moduleSize?: number;
  /** Standard deviation of the sensor noise, grey levels. Default 6. */
  noiseSigma?: number;
}

let writerReady: Promise<unknown> | undefined;
const prepareWriter = () => {
  const bytes = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  return (writerReady ??= prepareZXingModule({
    overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    fireImmediately: true,
  }));
};

/** The QR's module matrix: true = dark. */
export async function qrModules(payload: string): Promise<{ size: number; dark: (x: number, y: number) => boolean }> {
  await prepareWriter();
  const written = await writeBarcode(payload, { format: 'QRCode', ecLevel: 'M' });
  if (written.error) throw new Error(`QR writer: ${written.error}`);
  const { data, width } = written.symbol;
  return { size: width, dark: (x, y) => data[y * width + x] === 0 };
}

export async function renderQrFrame(options: QrFrameOptions): Promise<QrFrame> {
  const { width = 1_280, height = 720, noiseSigma = 6 } = options;
  const rng = createRng(options.seed);
  const qr = await qrModules(options.payload);
  const module = options.moduleSize ?? rng.int(4, 7);
  const side = (qr.size + 8) * module; // with the 4-module quiet zone on each side
  const card = { w: Math.round(side * 1.6), h: Math.round(side * 1.15) };
  const cardX = rng.int(0, width - card.w);
  const cardY = rng.int(0, height - card.h);
  const qrX = cardX + card.w - side - rng.int(0, 4 * module);
  const qrY = cardY + Math.round((card.h - side) / 2);
  const light = rng.range(0.75, 1);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let grey = 70 + (((x + y) >> 4) % 20); // a dull desk / sleeve behind the card
      if (x >= cardX && x < cardX + card.w && y >= cardY && y < cardY + card.h) {
        grey = 225;
        const mx = Math.floor((x - qrX) / module) - 4;
        const my = Math.floor((y - qrY) / module) - 4;
        if (mx >= 0 && my >= 0 && mx < qr.size && my < qr.size && qr.dark(mx, my)) grey = 30;
      }
      const shade = grey * light * (1 - 0.15 * (x / width)) + noiseSigma * rng.normal();
      const i = (y * width + x) * 4;
      data[i] = shade + 4;
      data[i + 1] = shade;
      data[i + 2] = shade - 6;
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

/** The frames as a Y4M video (4:2:0, grey chroma) for Chromium's `--use-file-for-fake-video-capture`. */
export function toY4m(frames: readonly QrFrame[], fps = 10): Buffer {
  const [first] = frames;
  if (!first) throw new Error('no frames');
  const { width, height } = first;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const frame of frames) {
    const luma = Buffer.alloc(width * height);
    for (let p = 0; p < width * height; p++)
      luma[p] = Math.round(0.299 * frame.data[p * 4]! + 0.587 * frame.data[p * 4 + 1]! + 0.114 * frame.data[p * 4 + 2]!);
    parts.push(Buffer.from('FRAME\n'), luma, chroma);
  }
  return Buffer.concat(parts);
}
