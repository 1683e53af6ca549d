import { checkedFields, COMPOSITE_AT, isVietnamese } from '../id/mrz-layout.ts';
import { isVietnameseMrzName } from './vietnamese-name.ts';

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

/**
 * When one reading is not enough: any other issuer's card (its document number and optional
 * data are letters and digits, where a swap can pass the check digit), or a Vietnamese card
 * whose name is not made of Vietnamese syllables. A Vietnamese card with a plausible name is
 * covered by check digits and the layout everywhere but the name, and is read once (time).
 */
export const needsConfirmation = (lines: readonly string[]): boolean => !isVietnamese(lines) || !isVietnameseMrzName(lines[2] ?? '');

/** Look-alikes that weigh the same in a check digit (S = 28 ≡ 8, G = 16 ≡ 6): no check can tell them apart. */
const TWINS: Record<string, 'letter' | 'digit'> = { S: 'letter', G: 'letter', '8': 'digit', '6': 'digit' };

/**
 * A generic document number where `S`/`8` or `G`/`6` stands next to the other kind of character
 * (`DBS4175599`: letters then digits, which is the S?). Both readings pass the check digit and
 * both scales tend to agree, so the reading is refused rather than guessed.
 */
export function hasAmbiguousTwin(lines: readonly string[]): boolean {
  if (isVietnamese(lines)) return false;
  const field = (lines[0] ?? '').slice(5, 30).split('<')[0] ?? '';
  const kind = (ch: string | undefined): 'letter' | 'digit' | null => (ch === undefined ? null : /[0-9]/.test(ch) ? 'digit' : /[A-Z]/.test(ch) ? 'letter' : null);
  return [...field].some((ch, i) => {
    const twin = TWINS[ch];
    if (!twin) return false;
    const other = twin === 'letter' ? 'digit' : 'letter';
    return kind(field[i - 1]) === other || kind(field[i + 1]) === other;
  });
}
