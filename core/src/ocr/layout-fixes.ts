import { isIcaoStateCode, type MrzCorrection } from '../id/index.ts';

/**
 * Fixes the layout itself proves, for OCR only (correctMrz leaves these places alone because no
 * check digit covers them). Each change is recorded with check `layout`.
 * - Line 3 holds letters and `<` only, so a digit there is a misread letter (`0`→O, `1`→I,
 *   `2`→Z, `5`→S, `8`→B). Without this, `V0<<MINH` passes every check digit and would be a
 *   confidently wrong name.
 * - The document code is letters (ICAO: the first is A, C or I), so `1D` is `ID`.
 * - Issuing state and nationality are letters from ICAO 9303-3's list: a digit there becomes the
 *   letter it resembles only when exactly one such reading is a listed code (`1TA`→ITA,
 *   `8EL`→BEL, `0<<`→D); with none or several it is left for parseMrz to fail.
 * - A line 1 whose positions 6–30 are the Vietnamese pattern (9 digits = the last 9 of the 12
 *   at 16–27, `<<`) is a Vietnamese citizen card: `ID` issued by `VNM`, and a Vietnamese citizen card's nationality is `VNM`.
 */
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B' };
/** Letters a digit in a state code may stand for (the list decides which, if any). */
const STATE_LETTERS: Record<string, string[]> = {
  '0': ['O', 'D', 'Q'],
  '1': ['I', 'L'],
  '2': ['Z'],
  '4': ['A'],
  '5': ['S'],
  '6': ['G'],
  '8': ['B'],
};

type Lines = string[];

function put(lines: Lines, line: number, start: number, text: string, corrections: MrzCorrection[]): void {
  const old = lines[line] ?? '';
  for (let i = 0; i < text.length; i++) {
    if (old[start + i] !== text[i])
      corrections.push({ line: line + 1, position: start + i + 1, from: old[start + i] ?? '', to: text[i] ?? '', check: 'layout' });
  }
  lines[line] = `${old.slice(0, start)}${text}${old.slice(start + text.length)}`;
}

/** The one listed code a state field with digits can be read as, or null. */
function stateCode(field: string): string | null {
  if (!/[0-9]/.test(field)) return null;
  let readings = [''];
  for (const ch of field) readings = readings.flatMap((r) => (STATE_LETTERS[ch] ?? (/[A-Z<]/.test(ch) ? [ch] : [])).map((l) => r + l));
  const listed = readings.filter((r) => isIcaoStateCode(r.replace(/<+$/, '')));
  return listed.length === 1 ? listed[0]! : null;
}

export function applyLayoutFixes(lines: readonly string[]): { lines: string[]; corrections: MrzCorrection[] } {
  const out = [...lines];
  const corrections: MrzCorrection[] = [];
  put(out, 2, 0, [...(out[2] ?? '')].map((ch) => TO_LETTER[ch] ?? ch).join(''), corrections);
  const code = out[0]?.slice(0, 2) ?? '';
  put(out, 0, 0, [...code].map((ch) => TO_LETTER[ch] ?? ch).join(''), corrections);
  for (const [line, start] of [
    [0, 2],
    [1, 15],
  ] as const) {
    const fixed = stateCode(out[line]?.slice(start, start + 3) ?? '');
    if (fixed) put(out, line, start, fixed, corrections);
  }
  const l1 = out[0] ?? '';
  const vn = /^[0-9]{9}[0-9][0-9]{12}<<[0-9]$/.test(l1.slice(5)) && l1.slice(5, 14) === l1.slice(18, 27);
  if (vn) {
    put(out, 0, 0, 'IDVNM', corrections);
    put(out, 1, 15, 'VNM', corrections);
  }
  return { lines: out, corrections };
}
