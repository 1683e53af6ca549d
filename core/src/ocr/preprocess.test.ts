import { describe, expect, it } from 'vitest';
import {
  binariseOtsu,
  countHoles,
  estimateSkew,
  grayImage,
  locateMrzBand,
  otsuThreshold,
  prepareMrzBand,
  rotate,
  type GrayImage,
} from './index.ts';

/**
 * Preprocessing on drawn pixel arrays (no font, no canvas): a "card" of three MRZ-like lines of
 * 30 block characters near the bottom and one short proportional line above.
 */
function card(): GrayImage {
  const img = grayImage(900, 560, new Uint8ClampedArray(900 * 560).fill(230));
  const block = (x: number, y: number, w: number, h: number) => {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) img.data[yy * 900 + xx] = 20;
  };
  // Short text line at the top (12 characters): not an MRZ.
  for (let c = 0; c < 12; c++) block(60 + c * 20, 80, 10, 18);
  // Three MRZ lines: 30 characters at a 26 px pitch, glyphs as two vertical strokes.
  for (const top of [400, 440, 480]) {
    for (let c = 0; c < 30; c++) {
      block(60 + c * 26, top, 5, 24);
      block(60 + c * 26 + 12, top + (c % 3) * 4, 5, 24 - (c % 3) * 4);
    }
  }
  return img;
}

describe('core/ocr preprocessing', () => {
  it('Otsu splits ink from paper', () => {
    const t = otsuThreshold(card());
    expect(t).toBeGreaterThanOrEqual(20);
    expect(t).toBeLessThan(230);
  });

  it('locates the three MRZ lines, not the short text above', () => {
    const band = locateMrzBand(binariseOtsu(card()));
    expect(band).not.toBeNull();
    expect(band!.lines.map((l) => l.top)).toEqual([400, 440, 480]);
    expect(band!.rect.left).toBe(60);
    expect(band!.rect.width).toBeGreaterThan(29 * 26);
    expect(band!.lineHeight).toBe(24);
  });

  it.each([-4.5, -2, 0, 1.5, 3])('recovers a tilt of %s° within 0.3°', (degrees) => {
    const tilted = rotate(card(), degrees, 230);
    expect(Math.abs(estimateSkew(binariseOtsu(tilted)) - degrees)).toBeLessThanOrEqual(0.3);
  });

  it('prepares a tilted frame: straightened, band found, scaled to the cap height asked for', () => {
    const prepared = prepareMrzBand(rotate(card(), 3, 230), { targetCapHeight: 34 });
    expect(prepared).not.toBeNull();
    expect(Math.abs(prepared!.skewDegrees - 3)).toBeLessThanOrEqual(0.3);
    expect(prepared!.scale).toBeCloseTo(34 / prepared!.band.lineHeight, 5);
    expect(new Set(prepared!.image.data)).toEqual(new Set([0, 255]));
  });

  it('a blank frame has no band', () => {
    expect(prepareMrzBand(grayImage(400, 300, new Uint8ClampedArray(400 * 300).fill(200)))).toBeNull();
  });
});

describe('countHoles', () => {
  /** Ink 0 from a picture: `#` ink, anything else paper. */
  const picture = (rows: string[]): GrayImage =>
    grayImage(
      rows[0]!.length,
      rows.length,
      Uint8ClampedArray.from(rows.join('').split(''), (c) => (c === '#' ? 0 : 255)),
    );
  const box = (img: GrayImage) => ({ left: 0, top: 0, width: img.width, height: img.height });
  it.each([
    ['an 8 (two loops)', ['.#####.', '.#...#.', '.#...#.', '.#####.', '.#...#.', '.#...#.', '.#####.'], 2],
    ['a 6 (one loop)', ['.#####.', '.#.....', '.#.....', '.#####.', '.#...#.', '.#...#.', '.#####.'], 1],
    ['an S (open)', ['.#####.', '.#.....', '.#.....', '.#####.', '.....#.', '.....#.', '.#####.'], 0],
  ])('%s', (_name, rows, holes) => {
    const img = picture(rows);
    expect(countHoles(img, box(img), { minArea: 1 })).toBe(holes);
  });
});
