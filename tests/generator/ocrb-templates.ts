/**
 * Writes core/src/ocr/ocrb-templates.ts: the shape (core/ocr glyphShape) of every MRZ letter and
 * digit in OCR-B, rendered from Debian's fonts-ocr-b. Real MRZs are printed in OCR-B (ICAO 9303-3),
 * so these are the shapes a camera sees; the OCR compares look-alike glyphs against them.
 * core/ocr cannot render a font (no canvas there), so the shapes are data, written by this script
 * and checked against a fresh rendering by tests/generator/glyph-shapes.test.ts.
 *
 *   node --import tsx tests/generator/ocrb-templates.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { glyphShape, grayImage, type GrayImage, type Rect } from '@dangky/core/ocr';
import { OCR_B_FONT } from './card-back.ts';

export const TEMPLATE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SIZE = 160;

function inkBox(img: GrayImage): Rect {
  let left = img.width,
    top = img.height,
    right = -1,
    bottom = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x] !== 0) continue;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/**
 * One character in OCR-B at `px` font size, binarised at `threshold` (of 255: lower = thinner
 * ink), and its ink box.
 */
export function renderGlyph(ch: string, px: number, threshold = 128): { img: GrayImage; box: Rect } {
  GlobalFonts.registerFromPath(OCR_B_FONT, 'OCR-B');
  const canvas = createCanvas(Math.ceil(px * 1.4), Math.ceil(px * 1.6));
  const g = canvas.getContext('2d');
  g.fillStyle = 'white';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = 'black';
  g.font = `${px}px "OCR-B"`;
  g.fillText(ch, px * 0.2, px * 1.1);
  const rgba = g.getImageData(0, 0, canvas.width, canvas.height).data;
  const img = grayImage(canvas.width, canvas.height);
  for (let i = 0; i < img.data.length; i++) img.data[i] = (rgba[i * 4] ?? 255) < threshold ? 0 : 255;
  return { img, box: inkBox(img) };
}

/** Each character's shape, base64. */
export function renderTemplates(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ch of TEMPLATE_CHARS) {
    const { img, box } = renderGlyph(ch, SIZE);
    out[ch] = Buffer.from(glyphShape(img, box)).toString('base64');
  }
  return out;
}

export function templatesModule(templates: Record<string, string>): string {
  const rows = Object.entries(templates).map(([ch, b64]) => `  '${ch}': '${b64}',`);
  return `// Written by tests/generator/ocrb-templates.ts from Debian's fonts-ocr-b (OCRB.otf); do not edit.
// Each value is a glyph shape (glyph-shape.ts: GLYPH_GRID cells, ink share 0–255), base64.
export const OCRB_TEMPLATES_BASE64: Readonly<Record<string, string>> = {
${rows.join('\n')}
};
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../../core/src/ocr/ocrb-templates.ts', import.meta.url));
  writeFileSync(target, templatesModule(renderTemplates()));
  process.stdout.write(`wrote ${target}\n`);
}
