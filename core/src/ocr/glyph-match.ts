import { glyphShape, shapeDistance, type GlyphShape } from './glyph-shape.ts';
import type { GrayImage, Rect } from './gray-image.ts';
import { OCRB_TEMPLATES_BASE64 } from './ocrb-templates.ts';

/**
 * Which of a few characters a glyph looks most like, by its shape against OCR-B's own
 * (ocrb-templates.ts). Used only between look-alikes, as a second opinion to the recogniser's.
 */
export interface GlyphMatch {
  char: string;
  distance: number;
  /** The next closest, and its distance minus this one's: how clearly this one won. */
  runnerUp: string;
  margin: number;
}

let templates: Map<string, GlyphShape> | null = null;

function decode(b64: string): GlyphShape {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function template(ch: string): GlyphShape | undefined {
  templates ??= new Map(Object.entries(OCRB_TEMPLATES_BASE64).map(([c, b]) => [c, decode(b)]));
  return templates.get(ch);
}

/** The closest of `among` (characters with a template) for the glyph in `box`; null when fewer than two compare. */
export function closestGlyph(img: GrayImage, box: Rect, among: string): GlyphMatch | null {
  const shape = glyphShape(img, box);
  const scored = [...among].flatMap((char) => {
    const t = template(char);
    return t ? [{ char, distance: shapeDistance(shape, t) }] : [];
  });
  if (scored.length < 2) return null;
  scored.sort((a, b) => a.distance - b.distance);
  const [best, next] = scored as [{ char: string; distance: number }, { char: string; distance: number }];
  return { char: best.char, distance: best.distance, runnerUp: next.char, margin: next.distance - best.distance };
}
