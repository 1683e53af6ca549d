import { closestGlyph } from './glyph-match.ts';
import type { GrayImage } from './gray-image.ts';
import type { RecognisedLine, RecognisedText } from './recogniser.ts';

/**
 * A second opinion on every letter and digit the recogniser read: the glyph's shape against
 * OCR-B's own (glyph-match.ts). Where the shape clearly says another character, the shape wins.
 *
 * Why: Tesseract's bundled `eng` data was not trained on OCR-B. Measured once on the 6,869
 * glyphs of 120 generated clean and moderate card backs (seed 1): the recogniser misread 61
 * (`W`→`N`/`H`, `5`→`S`, `0`↔`O`, `D`→`0`, `B`→`8`, `I`→`1`), the shapes 20 (every one `O`→`0`),
 * both the same glyph 2. tests/bench/mrz-ocr.ts `--compare` runs the pipeline without the shapes
 * (`no-glyph-shapes`). `O`/`0` is the one pair the shapes do not separate well at this size
 * (margins under 0.04), so there the recogniser's reading stands unless the shape is very
 * clear; check digits settle `O`/`0` in number fields (correctMrz), and round-pairs.ts in
 * another issuer's document number. Below `MIN_MARGIN` neither opinion is clear and the
 * recogniser's stands.
 */
const MIN_MARGIN = 0.02;
const ROUND_PAIR_MARGIN = 0.04;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export interface SettledGlyph {
  /** 0-based line among the recognised lines, and the character's index in it. */
  line: number;
  index: number;
  from: string;
  to: string;
}

export interface SettledText extends RecognisedText {
  /** Where the shape overruled the recogniser. */
  changes: SettledGlyph[];
  /** `O`s and `0`s whose shape fits both about as well (line, index as in `changes`). */
  roundPlaces: { line: number; index: number }[];
}

const isRoundPair = (a: string, b: string): boolean => (a === 'O' && b === '0') || (a === '0' && b === 'O');

function settleLine(
  ink: GrayImage,
  line: RecognisedLine,
  lineIndex: number,
  changes: SettledGlyph[],
  roundPlaces: SettledText['roundPlaces'],
): RecognisedLine {
  if (line.boxes.length !== line.text.length) return line;
  const chars = [...line.text];
  chars.forEach((ch, i) => {
    if (!ALNUM.includes(ch)) return;
    const match = closestGlyph(ink, line.boxes[i]!, ALNUM);
    if (!match) return;
    if ((ch === 'O' || ch === '0') && isRoundPair(match.char, match.runnerUp) && match.margin < ROUND_PAIR_MARGIN)
      roundPlaces.push({ line: lineIndex, index: i });
    if (match.char === ch) return;
    if (match.margin < (isRoundPair(ch, match.char) ? ROUND_PAIR_MARGIN : MIN_MARGIN)) return;
    changes.push({ line: lineIndex, index: i, from: ch, to: match.char });
    chars[i] = match.char;
  });
  return { text: chars.join(''), boxes: line.boxes };
}

/** The recognised text with each clear shape verdict applied; `text` is rebuilt from the lines. */
export function settleGlyphs(ink: GrayImage, recognised: RecognisedText): SettledText {
  const changes: SettledGlyph[] = [];
  const roundPlaces: SettledText['roundPlaces'] = [];
  const lines = recognised.lines.map((l, i) => settleLine(ink, l, i, changes, roundPlaces));
  return { text: lines.map((l) => l.text).join('\n'), lines, changes, roundPlaces };
}
