import { DangkyError } from '../errors/index.ts';
import { TD1_WIDTH } from '../id/index.ts';

/**
 * OCR text → three lines of exactly 30 MRZ characters, or DK_ERR_MRZ_FORMAT saying why.
 * Recognisers add spaces, stray short lines (a guilloche read as text) and drop or double a `<`
 * in a long filler run; a length is fixed only inside the longest `<` run of that line, where
 * one filler more or less changes no field. Anything it cannot fit is left to the check digits
 * (correctMrz, parseMrz) to judge; this never guesses a character.
 */
const MIN_LINE = 20;
/** More than this many characters off is not a misread filler run. */
const MAX_OFF = 8;

const formatError = (reason: string, line?: number): DangkyError =>
  new DangkyError('DK_ERR_MRZ_FORMAT', { detail: { reason, ...(line ? { line } : {}) } });

function longestFillerRun(line: string): { start: number; length: number } | null {
  let best: { start: number; length: number } | null = null;
  for (const m of line.matchAll(/<+/g)) if (!best || m[0].length >= best.length) best = { start: m.index, length: m[0].length };
  return best;
}

/** One line to 30 characters by growing or shrinking its longest `<` run. */
export function fitMrzLine(line: string, lineNumber = 1): string {
  const off = line.length - TD1_WIDTH;
  if (off === 0) return line;
  if (Math.abs(off) > MAX_OFF) throw formatError(off > 0 ? 'line too long' : 'line too short', lineNumber);
  const run = longestFillerRun(line);
  if (!run || (off > 0 && run.length <= off + 1 && run.start + run.length !== line.length))
    throw formatError(off > 0 ? 'line too long' : 'line too short', lineNumber);
  if (off > 0 && run.length < off) throw formatError('line too long', lineNumber);
  const length = run.length - off;
  return `${line.slice(0, run.start)}${'<'.repeat(length)}${line.slice(run.start + run.length)}`;
}

/** The three MRZ lines in recognised text (the last three plausible lines when there are more). */
export function mrzLinesFromText(text: string): string[] {
  if (typeof text !== 'string') throw formatError('not text');
  if (text.length > 4096) throw formatError('too much text');
  const lines = text
    .toUpperCase()
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[^0-9A-Z<]/g, ''))
    .filter((l) => l.length >= MIN_LINE);
  if (lines.length < 3) throw formatError('fewer than 3 lines of MRZ text');
  let start = lines.length - 3;
  let bestOff = Infinity;
  for (let i = lines.length - 3; i >= 0; i--) {
    const off = lines.slice(i, i + 3).reduce((s, l) => s + Math.abs(l.length - TD1_WIDTH), 0);
    if (off < bestOff) {
      bestOff = off;
      start = i;
    }
  }
  return lines.slice(start, start + 3).map((l, i) => fitMrzLine(l, i + 1));
}
