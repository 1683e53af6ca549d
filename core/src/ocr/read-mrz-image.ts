import { DangkyError } from '../errors/index.ts';
import { correctMrz, parseMrz, type MrzCorrection, type MrzResult } from '../id/index.ts';
import { binariseOtsu } from './binarise.ts';
import { ambiguousTwinPlaces, needsConfirmation, TWIN_HOLES, uncoveredPlacesAgree } from './confirm-reading.ts';
import { countHoles } from './count-holes.ts';
import { crop, resize, type GrayImage } from './gray-image.ts';
import { applyLayoutFixes } from './layout-fixes.ts';
import { mrzLinesFromText } from './mrz-text.ts';
import { BAND_MARGIN, prepareMrzBand, type PrepareOptions } from './prepare-mrz-band.ts';
import type { MrzRecogniser, RecognisedText } from './recogniser.ts';
import { resolveRoundPairs } from './round-pairs.ts';
import { settleGlyphs, type SettledGlyph } from './settle-glyphs.ts';

/**
 * One image → one MRZ reading: core/ocr prepares the band, the recogniser reads it, the text is
 * cut to 3 × 30, the layout and check digits correct what they prove, and parseMrz judges the
 * result. Where nothing covers a place (names, another issuer's document number), the reading
 * is only kept valid if a second look agrees (check `ocrConfirmed`): a confirming reading at
 * another scale and threshold, and for S/8, G/6 the glyph's holes. A refusal is a failed check,
 * never a guess. Unreadable input (no band, text not an MRZ) throws DK_ERR_MRZ_FORMAT.
 */
export interface MrzImageReading {
  /** What the recogniser returned, before any cleaning. */
  rawText: string;
  /** Characters the glyph's shape overruled the recogniser on (line among the recognised lines, 0-based index). */
  glyphsSettled: SettledGlyph[];
  /** The three lines finally parsed (after length fixing and corrections). */
  lines: string[];
  corrections: MrzCorrection[];
  result: MrzResult;
  skewDegrees: number;
  /** Milliseconds: preprocessing (locate, deskew, binarise, scale), recognition, and both. */
  timings: { prepareMs: number; recogniseMs: number; totalMs: number };
}

/**
 * Otsu's threshold less this many grey levels (thinner ink), measured on tests/bench/mrz-ocr.ts:
 * at Otsu's own threshold the legacy engine reads OCR-B `W` as `N` or `H` (`KONALSKI`, `SHE`).
 */
const OTSU_OFFSET = -40;

/** Node and browsers both have `performance`; core's types know neither, so it is looked up. */
const now = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now();

export interface ReadMrzImageOptions {
  recogniser: MrzRecogniser;
  /** `YYYY-MM-DD`, for parseMrz's century choice. */
  today: string;
  prepare?: PrepareOptions;
  /**
   * Scale of the confirming second reading, as a share of the first (default 1.25: cap height
   * 34 → 42 px; measured against 0.7, which agreed less often with a right first reading). It runs when the first passes every check but one reading is not enough
   * (core/ocr needsConfirmation: another issuer's card, or a name that is not Vietnamese
   * syllables); the result stays valid only if both agree wherever no check digit covers.
   * `false`: never a second reading.
   */
  confirmScale?: number | false;
  /** `always`: confirm every valid first reading (slower; for measuring). Default `doubtful`. */
  confirm?: 'doubtful' | 'always';
  /**
   * Check `S`/`8` and `G`/`6` next to the other kind in a generic document number by the glyph's
   * holes (core/ocr ambiguousTwinPlaces, countHoles), refusing what they contradict; default true.
   * `false` trusts the classifier there (measured: confidently wrong readings).
   */
  refuseTwins?: boolean;
  /**
   * Let each glyph's shape against OCR-B's overrule the recogniser where it clearly says another
   * character (settle-glyphs.ts; needs `recogniseSymbols`); default true. `false` for measuring.
   */
  glyphShapes?: boolean;
}

/**
 * Whether a recognised line is line 1 as finally read: the same document number at 6–14 (fitting
 * a line to 30 characters only changes its filler run, which comes later), up to the `O`/`0`
 * swaps resolveRoundPairs may have made there.
 */
const round = (s: string): string => s.replaceAll('O', '0');
const isLine1 = (recognised: string, line1: string): boolean =>
  recognised.length >= 15 && round(recognised.slice(5, 14)) === round(line1.slice(5, 14));

async function recogniseBand(recogniser: MrzRecogniser, image: GrayImage, rows: { top: number; bottom: number }[]): Promise<string> {
  if (recogniser.psm === '6') return recogniser.recognise(image);
  return recogniseLines(recogniser, image, rows);
}

/**
 * Whether each ambiguous twin (S/8, G/6 in a generic document number) has the holes of the
 * character read. The recognised line whose characters 6–14 are line 1's gives the boxes; with
 * no such line (or no boxes) nothing is settled and the answer is no.
 */
function twinsSettled(lines: readonly string[], places: number[], image: GrayImage, recognised: RecognisedText | null): boolean {
  if (places.length === 0) return true;
  const l1 = lines[0] ?? '';
  const row = recognised?.lines.find((l) => isLine1(l.text, l1) && l.boxes.length === l.text.length);
  if (!row) return false;
  return places.every((p) => countHoles(image, row.boxes[p]!) === TWIN_HOLES[l1[p]!]);
}

async function recogniseLines(recogniser: MrzRecogniser, image: GrayImage, rows: { top: number; bottom: number }[]): Promise<string> {
  const texts: string[] = [];
  for (const row of rows)
    texts.push(
      (await recogniser.recognise(crop(image, { left: 0, top: row.top, width: image.width, height: row.bottom - row.top }))).replace(
        /\s+/g,
        '',
      ),
    );
  return texts.join('\n');
}

interface Text {
  rawText: string;
  /** After the glyph shapes' verdicts. */
  text: string;
  symbols: RecognisedText | null;
  glyphsSettled: SettledGlyph[];
  /** Line 1 places (0-based, as recognised) of `O`/`0` glyphs whose shape fits both. */
  roundPlaces: { line: number; index: number }[];
}

/** One recognition of a binarised band: with boxes when the recogniser gives them, so the shapes can be checked. */
async function readText(image: GrayImage, rows: { top: number; bottom: number }[], options: ReadMrzImageOptions): Promise<Text> {
  const { recogniser } = options;
  if (recogniser.psm !== '6' || !recogniser.recogniseSymbols) {
    const rawText = await recogniseBand(recogniser, image, rows);
    return { rawText, text: rawText, symbols: null, glyphsSettled: [], roundPlaces: [] };
  }
  const symbols = await recogniser.recogniseSymbols(image);
  if (options.glyphShapes === false) return { rawText: symbols.text, text: symbols.text, symbols, glyphsSettled: [], roundPlaces: [] };
  const settled = settleGlyphs(image, symbols);
  return { rawText: symbols.text, text: settled.text, symbols: settled, glyphsSettled: settled.changes, roundPlaces: settled.roundPlaces };
}

interface Reading {
  rawText: string;
  glyphsSettled: SettledGlyph[];
  lines: string[];
  corrections: MrzCorrection[];
  result: MrzResult;
}

/**
 * One binarisation of the prepared grey band, read, corrected, parsed, and (when valid)
 * confirmed (at `confirmOffset`).
 */
async function readBand(
  grey: GrayImage,
  thresholds: { offset: number; confirmOffset: number },
  otsu: boolean,
  rows: { top: number; bottom: number }[],
  options: ReadMrzImageOptions,
): Promise<Reading> {
  const binarise = (image: GrayImage, offset: number): GrayImage => (otsu ? binariseOtsu(image, { offset }) : image);
  const ink = binarise(grey, thresholds.offset);
  const read = await readText(ink, rows, options);
  const { rawText, symbols, glyphsSettled } = read;
  const { lines, corrections } = cleanLines(read);
  let result = parseMrz(lines, { today: options.today });
  const k = options.confirmScale ?? 1.25;
  if (result.valid) {
    // A look-alike pair no check digit separates, where either would fit: the glyph's holes decide, or refuse.
    let sure = options.refuseTwins === false || twinsSettled(lines, ambiguousTwinPlaces(lines), ink, symbols);
    if (sure && k !== false && (options.confirm === 'always' || needsConfirmation(lines))) {
      const small = binarise(resize(grey, Math.round(grey.width * k), Math.round(grey.height * k)), thresholds.confirmOffset);
      const again = await readText(
        small,
        rows.map((r) => ({ top: r.top * k, bottom: r.bottom * k })),
        options,
      );
      try {
        sure = uncoveredPlacesAgree(lines, cleanLines(again).lines);
      } catch {
        sure = false;
      }
    }
    result = { ...result, checks: [...result.checks, { name: 'ocrConfirmed', kind: 'field', ok: sure }], valid: sure };
  }
  return { rawText, glyphsSettled, lines, corrections, result };
}

/** Recognised text → three lines with the layout's and the check digits' corrections. */
function cleanLines(read: Text): { lines: string[]; corrections: MrzCorrection[] } {
  const layout = applyLayoutFixes(mrzLinesFromText(read.text));
  const corrected = correctMrz(layout.lines);
  const round = resolveRoundPairs(corrected.lines, line1Places(read, corrected.lines[0] ?? ''));
  return { lines: round.lines, corrections: [...layout.corrections, ...corrected.corrections, ...round.corrections] };
}

/** The ambiguous `O`/`0` places of the recognised line that is line 1. */
function line1Places(read: Text, line1: string): number[] {
  const recognised = read.symbols?.lines.findIndex((l) => isLine1(l.text, line1)) ?? -1;
  return recognised < 0 ? [] : read.roundPlaces.filter((p) => p.line === recognised).map((p) => p.index);
}

export async function readMrzImage(frame: GrayImage, options: ReadMrzImageOptions): Promise<MrzImageReading> {
  const started = now();
  // Otsu (the default) is applied here, so that the confirming reading is scaled from grey.
  const otsu = (options.prepare?.binarise ?? 'otsu') === 'otsu';
  const prepared = prepareMrzBand(frame, otsu ? { ...options.prepare, binarise: 'none' } : options.prepare);
  if (!prepared)
    throw new DangkyError('DK_ERR_MRZ_FORMAT', {
      message: 'No MRZ band (three lines of machine-readable text) found in the image',
      detail: { reason: 'no MRZ band found' },
    });
  const prepared_at = now();
  // Line rows in the prepared image, with half a line height of room each side (PSM 7 only).
  const { band, scale } = prepared;
  const top0 = band.rect.top - band.lineHeight * BAND_MARGIN;
  const pad = band.lineHeight * 0.5;
  const rows = band.lines.map((l) => ({ top: Math.max(0, (l.top - top0 - pad) * scale), bottom: (l.bottom - top0 + pad) * scale }));
  const grey = prepared.image;
  const first = options.prepare?.otsuOffset ?? OTSU_OFFSET;
  let reading: Reading | null = null;
  let failure: unknown = null;
  // Thin ink first (OCR-B W); when that reading is not accepted, Otsu's own threshold once more
  // (blurred or glared bands lose strokes at the thin setting). Each is confirmed, when it must
  // be, at the other threshold, so the two readings differ in scale and in binarisation.
  for (const offset of first === 0 || !otsu ? [first] : [first, 0]) {
    try {
      const attempt = await readBand(grey, { offset, confirmOffset: offset === first ? 0 : first }, otsu, rows, options);
      if (!reading || attempt.result.valid) reading = attempt;
    } catch (error) {
      failure ??= error;
    }
    if (reading?.result.valid) break;
  }
  if (!reading) throw failure;
  const { rawText, glyphsSettled, lines, corrections, result } = reading;
  const recognised_at = now();
  const done = now();
  return {
    rawText,
    glyphsSettled,
    lines,
    corrections,
    result,
    skewDegrees: prepared.skewDegrees,
    timings: { prepareMs: prepared_at - started, recogniseMs: recognised_at - prepared_at, totalMs: done - started },
  };
}
