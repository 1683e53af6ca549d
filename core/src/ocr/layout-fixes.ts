import type { MrzCorrection } from '../id/index.ts';

/**
 * Fixes the layout itself proves, for OCR only (correctMrz leaves names alone because no check
 * digit covers them): line 3 of a TD1 holds letters and `<` only, so a digit there is a misread
 * letter (`0`→O, `1`→I, `2`→Z, `5`→S, `8`→B); and a line 1 whose positions 6–30 are the
 * Vietnamese pattern (9 digits = the last 9 of the 12 at 16–27, `<<`) was issued by `VNM`.
 * Each change is recorded with check `layout`. Without this, `V0<<MINH` passes every check
 * digit and would be a confidently wrong name.
 */
const TO_LETTER: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B' };

export function applyLayoutFixes(lines: readonly string[]): { lines: string[]; corrections: MrzCorrection[] } {
  const out = [...lines];
  const corrections: MrzCorrection[] = [];
  const l3 = out[2] ?? '';
  out[2] = [...l3]
    .map((ch, i) => {
      const to = TO_LETTER[ch];
      if (!to) return ch;
      corrections.push({ line: 3, position: i + 1, from: ch, to, check: 'layout' });
      return to;
    })
    .join('');
  const l1 = out[0] ?? '';
  const vn = /^[0-9]{9}[0-9][0-9]{12}<<[0-9]$/.test(l1.slice(5)) && l1.slice(5, 14) === l1.slice(18, 27);
  if (vn && l1.slice(2, 5) !== 'VNM') {
    for (let i = 2; i < 5; i++) if (l1[i] !== 'VNM'[i - 2]) corrections.push({ line: 1, position: i + 1, from: l1[i] ?? '', to: 'VNM'[i - 2] ?? '', check: 'layout' });
    out[0] = `${l1.slice(0, 2)}VNM${l1.slice(5)}`;
  }
  return { lines: out, corrections };
}
