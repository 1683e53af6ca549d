/**
 * Camera QR decoding as the kiosk does it (kiosk/src/lib/camera/qr-decode.ts: zxing-wasm's
 * reader, QR only, try-harder), on synthetic 1280×720 frames of a card front (qr-frame.ts):
 * both card generations, module sizes 4–7 px, seeded placement, lighting and noise. Node, one
 * core, warm decoder. Prints p50/p95 per frame and the share decoded right, then one JSON line.
 * Target: p50 ≤ 20 ms per frame, so a held-up card reads within a few camera frames.
 *
 *   npx tsx tests/bench/qr-decode.ts [--frames 60]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decodeQr, prepareQrDecoder } from '../../kiosk/src/lib/camera/qr-decode.ts';
import { renderQrFrame } from './qr-frame.ts';

const framesArg = process.argv.indexOf('--frames');
const FRAMES = framesArg > 0 ? Number(process.argv[framesArg + 1]) : 60;

const payloads = [
  '001099012345||Nguyễn Văn An|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021',
  '079190012301|123456789|Phạm Thị Thu Hà|07031990|Nữ|12 Lê Lợi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh|01072024||||',
];

const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
await prepareQrDecoder({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });

const frames = await Promise.all(
  Array.from({ length: FRAMES }, (_, i) => renderQrFrame({ payload: payloads[i % 2]!, seed: 1_000 + i, moduleSize: 4 + (i % 4) })),
);
// Warm up: the first calls compile and grow the wasm heap.
for (const frame of frames.slice(0, 3)) await decodeQr(frame);

const times: number[] = [];
let right = 0;
for (const [i, frame] of frames.entries()) {
  const start = performance.now();
  const text = await decodeQr(frame);
  times.push(performance.now() - start);
  if (text === payloads[i % 2]) right++;
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
const result = {
  bench: 'qr-decode',
  frames: FRAMES,
  width: 1280,
  height: 720,
  decodedRight: right,
  p50Ms: Number(pct(50).toFixed(1)),
  p95Ms: Number(pct(95).toFixed(1)),
  targetP50Ms: 20,
};
console.table([{ frames: FRAMES, 'decoded right': `${right}/${FRAMES}`, 'p50 ms': result.p50Ms, 'p95 ms': result.p95Ms }]);
console.log(JSON.stringify(result));
if (right !== FRAMES) process.exitCode = 1;
