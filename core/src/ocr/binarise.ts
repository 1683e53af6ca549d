import { grayImage, type GrayImage } from './gray-image.ts';

/** Otsu's threshold over the histogram: the grey level that best splits ink from paper. */
export function otsuThreshold(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]!++;
  const total = img.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let weightB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    weightB += hist[t]!;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * hist[t]!;
    const between = weightB * weightF * (sumB / weightB - (sumAll - sumB) / weightF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * Global Otsu: ink 0, paper 255. `offset` (grey levels, default 0) moves the threshold: negative
 * counts fewer pixels as ink (thinner strokes).
 */
export function binariseOtsu(img: GrayImage, options: { offset?: number } = {}): GrayImage {
  const t = otsuThreshold(img) + (options.offset ?? 0);
  const out = grayImage(img.width, img.height);
  for (let i = 0; i < img.data.length; i++) out.data[i] = img.data[i]! <= t ? 0 : 255;
  return out;
}

export interface AdaptiveOptions {
  /** Side of the square window, pixels; default 31. */
  window?: number;
  /** How much darker than the local mean a pixel must be to count as ink, grey levels; default 12. */
  offset?: number;
}

/**
 * Local-mean threshold over an integral image (O(pixels) whatever the window): survives glare and
 * uneven light, which a single global threshold does not.
 */
export function binariseAdaptive(img: GrayImage, options: AdaptiveOptions = {}): GrayImage {
  const { width: w, height: h, data } = img;
  const half = Math.max(1, Math.floor((options.window ?? 31) / 2));
  const offset = options.offset ?? 12;
  const integral = new Float64Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += data[y * w + x]!;
      integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1]! + row;
    }
  }
  const out = grayImage(w, h);
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - half);
    const y1 = Math.min(h, y + half + 1);
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - half);
      const x1 = Math.min(w, x + half + 1);
      const sum = integral[y1 * (w + 1) + x1]! - integral[y0 * (w + 1) + x1]! - integral[y1 * (w + 1) + x0]! + integral[y0 * (w + 1) + x0]!;
      out.data[y * w + x] = data[y * w + x]! < sum / ((x1 - x0) * (y1 - y0)) - offset ? 0 : 255;
    }
  }
  return out;
}
