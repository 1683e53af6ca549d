import type { GrayImage, Rect } from './gray-image.ts';

/**
 * What the pipeline needs from a text recogniser (tesseract.js in Node: hardware/src/ocr; in the
 * kiosk's web worker: kiosk/src/lib/camera). core/ocr drives it and never loads one itself.
 */
export interface MrzRecogniser {
  /** `6` one block of three lines, `7` one line per call. */
  readonly psm: '6' | '7';
  /** Text of a binarised image (one block or one line, as set up). */
  recognise(image: GrayImage): Promise<string>;
  /** The same, with each text line's characters and their boxes in the image (for checks on the glyphs). */
  recogniseSymbols?(image: GrayImage): Promise<RecognisedText>;
}

export interface RecognisedLine {
  text: string;
  /** One box per character of `text`. */
  boxes: Rect[];
}

export interface RecognisedText {
  text: string;
  lines: RecognisedLine[];
}

/** The MRZ alphabet, the only characters a recogniser is allowed to return. */
export const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

/** The part of a tesseract.js page (`blocks` output) the boxes come from, typed here so core needs no tesseract.js. */
export interface TesseractBlock {
  paragraphs: { lines: { words: { symbols: { text: string; bbox: { x0: number; y0: number; x1: number; y1: number } }[] }[] }[] }[];
}

/** A tesseract.js page → each text line's characters with their boxes (Node and browser recognisers alike). */
export function recognisedTextOf(text: string, blocks: readonly TesseractBlock[] | null | undefined): RecognisedText {
  const lines = (blocks ?? []).flatMap((b) =>
    b.paragraphs.flatMap((p) =>
      p.lines.map((l) => {
        const symbols = l.words.flatMap((w) => w.symbols);
        return {
          text: symbols.map((s) => s.text).join(''),
          boxes: symbols.map((s) => ({ left: s.bbox.x0, top: s.bbox.y0, width: s.bbox.x1 - s.bbox.x0, height: s.bbox.y1 - s.bbox.y0 })),
        };
      }),
    ),
  );
  return { text, lines };
}
