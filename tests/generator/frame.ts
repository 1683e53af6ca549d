import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { Rng } from './rng.ts';

/**
 * Puts a card into a camera frame at a difficulty level: placement, rotation and (hard)
 * perspective by an inverse homography with bilinear sampling; then glare, blur, sensor noise and
 * JPEG. Every draw comes from the seeded Rng, so a (seed, level) pair always gives the same file.
 */
export type Level = 'clean' | 'moderate' | 'hard';
export const LEVELS: readonly Level[] = ['clean', 'moderate', 'hard'];

export interface FrameParams {
  level: Level;
  width: number;
  height: number;
  /** Card width in the frame, pixels. */
  cardWidth: number;
  rotationDeg: number;
  /** Corner displacement as a share of the card width (0 = no perspective). */
  perspective: number;
  blurPx: number;
  noiseSigma: number;
  glare: number;
  /** null = PNG. */
  jpegQuality: number | null;
}

export function drawFrameParams(level: Level, rng: Rng): FrameParams {
  const base = { level, width: 1280, height: 800 };
  if (level === 'clean')
    return {
      ...base,
      cardWidth: rng.int(960, 1080),
      rotationDeg: 0,
      perspective: 0,
      blurPx: 0,
      noiseSigma: 0,
      glare: 0,
      jpegQuality: null,
    };
  if (level === 'moderate') {
    return {
      ...base,
      cardWidth: rng.int(820, 1080),
      rotationDeg: rng.range(-3, 3),
      perspective: 0,
      blurPx: rng.range(0.3, 1.1),
      noiseSigma: rng.range(3, 9),
      glare: 0,
      jpegQuality: rng.int(55, 85),
    };
  }
  return {
    ...base,
    cardWidth: rng.int(760, 1050),
    rotationDeg: rng.range(-6, 6),
    perspective: rng.range(0.015, 0.04),
    blurPx: rng.range(1.1, 1.8),
    noiseSigma: rng.range(6, 14),
    glare: rng.range(0.35, 0.7),
    jpegQuality: rng.int(40, 70),
  };
}

type Point = [number, number];

/** The 3×3 homography (row-major, h33 = 1) taking `from[i]` to `to[i]`. */
function homography(from: Point[], to: Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Point;
    const [u, v] = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 9; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return [...a.map((row, i) => row[8]! / row[i]!), 1];
}

export function renderFrame(card: Canvas, params: FrameParams, rng: Rng): Buffer {
  const { width: W, height: H } = params;
  const cw = card.width;
  const ch = card.height;
  const scale = params.cardWidth / cw;
  const angle = (params.rotationDeg * Math.PI) / 180;
  const cx = W / 2 + rng.range(-0.04, 0.04) * W;
  const cy = H / 2 + rng.range(-0.04, 0.04) * H;
  const jitter = params.perspective * params.cardWidth;
  const corners: Point[] = [
    [0, 0],
    [cw, 0],
    [cw, ch],
    [0, ch],
  ];
  const placed = corners.map(([x, y]): Point => {
    const dx = (x - cw / 2) * scale;
    const dy = (y - ch / 2) * scale;
    return [
      cx + dx * Math.cos(angle) - dy * Math.sin(angle) + rng.range(-jitter, jitter),
      cy + dx * Math.sin(angle) + dy * Math.cos(angle) + rng.range(-jitter, jitter),
    ];
  });
  const h = homography(placed, corners);
  const src = card.getContext('2d').getImageData(0, 0, cw, ch).data;
  const frame = createCanvas(W, H);
  const g = frame.getContext('2d');
  const bg = rng.int(40, 110);
  g.fillStyle = `rgb(${bg}, ${bg + rng.int(-10, 10)}, ${bg + rng.int(-10, 20)})`;
  g.fillRect(0, 0, W, H);
  const img = g.getImageData(0, 0, W, H);
  const out = img.data;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const w = h[6]! * x + h[7]! * y + h[8]!;
      const sx = (h[0]! * x + h[1]! * y + h[2]!) / w;
      const sy = (h[3]! * x + h[4]! * y + h[5]!) / w;
      if (sx < 0 || sy < 0 || sx >= cw - 1 || sy >= ch - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const o = (y * W + x) * 4;
      for (let c = 0; c < 3; c++) {
        const i = (y0 * cw + x0) * 4 + c;
        const top = src[i]! * (1 - fx) + src[i + 4]! * fx;
        const bottom = src[i + cw * 4]! * (1 - fx) + src[i + cw * 4 + 4]! * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  g.putImageData(img, 0, 0);
  if (params.glare > 0) {
    const gx = cx + rng.range(-0.3, 0.3) * params.cardWidth;
    const gy = cy + rng.range(0, 0.3) * params.cardWidth * 0.63;
    const r = params.cardWidth * rng.range(0.15, 0.3);
    const grad = g.createRadialGradient(gx, gy, 0, gx, gy, r);
    grad.addColorStop(0, `rgba(255, 255, 250, ${params.glare})`);
    grad.addColorStop(1, 'rgba(255, 255, 250, 0)');
    g.fillStyle = grad;
    g.fillRect(0, 0, W, H);
  }
  let result = frame;
  if (params.blurPx > 0) {
    result = createCanvas(W, H);
    const b = result.getContext('2d');
    b.filter = `blur(${params.blurPx.toFixed(2)}px)`;
    b.drawImage(frame, 0, 0);
  }
  if (params.noiseSigma > 0) {
    const r = result.getContext('2d');
    const noisy = r.getImageData(0, 0, W, H);
    const d = noisy.data;
    for (let i = 0; i < d.length; i += 4) {
      const n = rng.normal() * params.noiseSigma;
      d[i] = d[i]! + n;
      d[i + 1] = d[i + 1]! + n;
      d[i + 2] = d[i + 2]! + n;
    }
    r.putImageData(noisy, 0, 0);
  }
  return params.jpegQuality === null ? result.toBuffer('image/png') : result.toBuffer('image/jpeg', params.jpegQuality);
}
