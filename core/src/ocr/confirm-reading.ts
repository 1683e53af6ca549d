import { checkedFields, COMPOSITE_AT } from '../id/mrz-layout.ts';

/**
 * A second reading (another scale) confirms the first where no check digit can: in every place
 * outside the digits-only checked fields (dates, Vietnamese numbers) and the check digits — the
 * document code, states, a generic document number (letters there may swap undetected: `S`
 * and `8` weigh alike), optional data, sex and the name. Measured on tests/bench/mrz-ocr.ts: the
 * legacy engine reads OCR-B `W` as `N` or `H` at one scale and correctly at another, with high
 * confidence either way; one scale alone gave `KONALSKI` passing every check.
 */
export function uncoveredPlacesAgree(first: readonly string[], second: readonly string[]): boolean {
  const covered = new Set<string>([`${COMPOSITE_AT.line}:${COMPOSITE_AT.index}`]);
  for (const f of checkedFields(first)) {
    covered.add(`${f.line}:${f.checkAt}`);
    if (f.numeric) for (let i = f.start; i < f.end; i++) covered.add(`${f.line}:${i}`);
  }
  for (let line = 0; line < 3; line++) {
    const a = first[line] ?? '';
    const b = second[line] ?? '';
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !covered.has(`${line}:${i}`)) return false;
  }
  return true;
}
