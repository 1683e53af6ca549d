import type { GrayImage } from './gray-image.ts';

export interface SkewOptions {
  /** Largest tilt searched either way, degrees; default 8. */
  maxDegrees?: number;
  /** Final resolution, degrees; default 0.1. */
  stepDegrees?: number;
}

/**
 * The tilt of the text lines in a binarised image (ink 0), degrees, positive = lines run down
 * to the right (clockwise); rotate by the negative to straighten. Projection-profile search:
 * for each candidate angle the ink is projected along that slope onto rows, and the angle whose
 * profile is most peaked (largest sum of squared row counts) is the one along the lines.
 * Coarse 0.5° steps, then the resolution around the best.
 */
export function estimateSkew(binary: GrayImage, options: SkewOptions = {}): number {
  const maxDeg = options.maxDegrees ?? 8;
  const step = options.stepDegrees ?? 0.1;
  const xs: number[] = [];
  const ys: number[] = [];
  // A sample of at most ~40k ink pixels keeps each angle's projection cheap on a full frame.
  let ink = 0;
  for (const v of binary.data) if (v === 0) ink++;
  const stride = Math.max(1, Math.floor(ink / 40_000));
  let seen = 0;
  for (let y = 0; y < binary.height; y++) {
    for (let x = 0; x < binary.width; x++) {
      if (binary.data[y * binary.width + x] !== 0) continue;
      if (seen++ % stride === 0) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 10) return 0;
  const bins = new Float64Array(binary.height + 2 * Math.ceil(binary.width * Math.tan((maxDeg * Math.PI) / 180)) + 4);
  const shift = (bins.length - binary.height) / 2;
  const score = (deg: number): number => {
    const t = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * t + shift)]!++;
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  const search = (from: number, to: number, by: number): number => {
    let best = from;
    let bestScore = -1;
    for (let d = from; d <= to + 1e-9; d += by) {
      const s = score(d);
      if (s > bestScore) {
        bestScore = s;
        best = d;
      }
    }
    return best;
  };
  const coarse = search(-maxDeg, maxDeg, 0.5);
  return Math.round(search(coarse - 0.5, coarse + 0.5, step) * 100) / 100;
}
