import type { GrayImage, Rect } from './gray-image.ts';

/**
 * A glyph's shape as a small fixed grid, so two glyphs of any size can be compared: the ink
 * inside `box` (ink 0 in a binarised image), scaled so the box's height fills the grid's
 * height, centred in a window as wide as an OCR-B character cell. The width is not stretched
 * to fill: `0` is narrower than `O`, `I` than `H`, and that difference is part of the shape.
 * Each cell holds the share of ink under it, 0–255 (ink = 255).
 */
export const GLYPH_GRID = { width: 16, height: 20 } as const;

/** OCR-B's character cell (ICAO pitch 2.54 mm) over its capital height, rounded: the window's width per unit of height. */
const CELL_ASPECT = 0.9;
/** Samples per grid cell along each axis. */
const SUPER = 3;

export type GlyphShape = Uint8Array;

export function glyphShape(img: GrayImage, box: Rect): GlyphShape {
  const { width: gw, height: gh } = GLYPH_GRID;
  const out = new Uint8Array(gw * gh);
  if (box.height < 2 || box.width < 1) return out;
  const windowWidth = box.height * CELL_ASPECT;
  const left = box.left + box.width / 2 - windowWidth / 2;
  const sx = windowWidth / (gw * SUPER);
  const sy = box.height / (gh * SUPER);
  const ink = (x: number, y: number): number => {
    const px = Math.floor(x);
    const py = Math.floor(y);
    // Outside the box there is no ink of this glyph (a neighbour may sit in the window).
    if (px < box.left || px >= box.left + box.width || py < box.top || py >= box.top + box.height) return 0;
    if (px < 0 || py < 0 || px >= img.width || py >= img.height) return 0;
    return img.data[py * img.width + px] === 0 ? 1 : 0;
  };
  for (let gy = 0; gy < gh; gy++) {
    for (let gx = 0; gx < gw; gx++) {
      let sum = 0;
      for (let j = 0; j < SUPER; j++) {
        for (let i = 0; i < SUPER; i++) sum += ink(left + (gx * SUPER + i + 0.5) * sx, box.top + (gy * SUPER + j + 0.5) * sy);
      }
      out[gy * gw + gx] = Math.round((255 * sum) / (SUPER * SUPER));
    }
  }
  return out;
}

/** Mean squared difference of two shapes, 0 (same) … 1 (opposite). */
export function shapeDistance(a: GlyphShape, b: GlyphShape): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = ((a[i] ?? 0) - (b[i] ?? 0)) / 255;
    sum += d * d;
  }
  return sum / a.length;
}
