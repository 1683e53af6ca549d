import { binariseAdaptive, binariseOtsu } from './binarise.ts';
import { estimateSkew } from './deskew.ts';
import { crop, resize, rotate, type GrayImage, type Rect } from './gray-image.ts';
import { locateMrzBand, type MrzBand } from './locate-mrz-band.ts';

/**
 * Camera frame → the MRZ band ready for recognition: binarise the frame locally, measure the
 * tilt, straighten, find the three lines, crop with a margin, scale so the capitals are
 * `targetCapHeight` pixels tall, and binarise the crop. Each step is its own module; this only
 * composes them, and says what it found so the caller can log or draw it.
 */
export interface PrepareOptions {
  /** Cap height the recogniser reads best, pixels; default 34 (measured: see hardware/src/ocr). null = keep the camera's scale. */
  targetCapHeight?: number | null;
  /** Binarisation of the band: `otsu` (default, measured best), `adaptive` (local mean), or `none` (grey, left to the recogniser). */
  binarise?: 'adaptive' | 'otsu' | 'none';
  /** Otsu only: grey levels taken off the threshold (thinner ink); default 0 here. */
  otsuOffset?: number;
  /** Largest tilt straightened, degrees; default 8. */
  maxSkewDegrees?: number;
}

export interface PreparedBand {
  /** Ink 0, paper 255, with a white margin. */
  image: GrayImage;
  /** Tilt found in the frame, degrees (clockwise positive). */
  skewDegrees: number;
  /** The band in the straightened frame. */
  band: MrzBand;
  /** Factor the band was scaled by. */
  scale: number;
}

/** White kept above and below the band, in line heights (the sides get less: a card edge is near). */
export const BAND_MARGIN = 0.8;

/** Frames larger than this are measured on a half-size copy (the tilt does not change). */
const MEASURE_MAX_WIDTH = 1400;

function halve(img: GrayImage): GrayImage {
  return img.width > MEASURE_MAX_WIDTH ? resize(img, Math.round(img.width / 2), Math.round(img.height / 2)) : img;
}

export function prepareMrzBand(frame: GrayImage, options: PrepareOptions = {}): PreparedBand | null {
  const small = halve(frame);
  const factor = frame.width / small.width;
  const window = Math.max(15, Math.round(small.width / 40) | 1);
  const skewDegrees = estimateSkew(binariseAdaptive(small, { window }), { maxDegrees: options.maxSkewDegrees ?? 8 });
  const straight = rotate(frame, -skewDegrees, 255);
  const band = locateMrzBand(binariseAdaptive(straight, { window: Math.round(window * factor) | 1 }));
  if (!band) return null;
  const margin = band.lineHeight * BAND_MARGIN;
  const side = band.lineHeight * 0.4;
  const rect: Rect = {
    left: band.rect.left - side,
    top: band.rect.top - margin,
    width: band.rect.width + 2 * side,
    height: band.rect.height + 2 * margin,
  };
  const cut = crop(straight, rect);
  const target = options.targetCapHeight === undefined ? 34 : options.targetCapHeight;
  const scale = target === null ? 1 : Math.min(4, Math.max(0.5, target / band.lineHeight));
  const scaled = scale === 1 ? cut : resize(cut, Math.round(cut.width * scale), Math.round(cut.height * scale));
  const mode = options.binarise ?? 'otsu';
  const ink =
    mode === 'none'
      ? scaled
      : mode === 'otsu'
        ? binariseOtsu(scaled, { offset: options.otsuOffset ?? 0 })
        : binariseAdaptive(scaled, { window: Math.round(band.lineHeight * scale * 1.5) | 1, offset: 10 });
  return { image: ink, skewDegrees, band, scale };
}
