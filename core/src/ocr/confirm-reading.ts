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

/** Holes each twin has in OCR-B. */
export const TWIN_HOLES: Readonly<Record<string, number>> = { S: 0, G: 0, '8': 2, '6': 1 };

/**
 * Line 1 places (0-based) in a generic document number where `S`/`8` or `G`/`6` stands next to
 * the other kind of character (`DBS4175599`: is it S or 8?). Both readings pass the check digit
 * and a second scale tends to read the same, so the glyph's holes must settle it (countHoles).
 */
export function ambiguousTwinPlaces(lines: readonly string[]): number[] {
  if (isVietnamese(lines)) return [];
  const line = lines[0] ?? '';
  const end = line.indexOf('<', 5) < 0 ? 30 : line.indexOf('<', 5);
  const kind = (i: number): 'letter' | 'digit' | null =>
    i < 5 || i >= end ? null : /[0-9]/.test(line[i]!) ? 'digit' : /[A-Z]/.test(line[i]!) ? 'letter' : null;
  const places: number[] = [];
  for (let i = 5; i < end; i++) {
    const holes = TWIN_HOLES[line[i]!];
    if (holes === undefined) continue;
    const other = /[0-9]/.test(line[i]!) ? 'letter' : 'digit';
    if (kind(i - 1) === other || kind(i + 1) === other) places.push(i);
  }
  return places;
}

/** True when ambiguousTwinPlaces finds any. */
export const hasAmbiguousTwin = (lines: readonly string[]): boolean => ambiguousTwinPlaces(lines).length > 0;
