import { DangkyError } from '../errors/index.ts';
import { mrzCheckDigit } from '../icao/mrz-key.ts';
import { assertBounded } from './input-limit.ts';

/**
 * Where things sit in a TD1 MRZ (ICAO 9303-5; BRIEF §1.3), shared by the parser and the
 * corrector. Indexes here are 0-based; the brief's positions are 1-based.
 *
 * Generic TD1 — line 1: document code 1–2, issuing state 3–5, document number 6–14 + check 15,
 * optional data 16–30 (a document number over 9 characters continues there, `<` at 15, its
 * check digit after it); line 2: birth YYMMDD 1–6 + check 7, sex 8, expiry 9–14 + check 15,
 * nationality 16–18, optional 19–29, composite check 30; line 3: `SURNAME<<GIVEN<NAMES`.
 *
 * Vietnamese cards (issuing state `VNM`) — line 1 positions 6–14 = last 9 digits of the ID
 * number + check 15, 16–27 = the full 12-digit ID number, 28–29 `<<`, 30 = check digit over
 * 16–27. Composite (both layouts): line 1 pos 6–30 + line 2 pos 1–7, 9–15, 19–29.
 */
export const TD1_WIDTH = 30;

export type CheckedFieldName = 'documentNumber' | 'idNumber' | 'birthDate' | 'expiryDate';

/** One field protected by its own check digit. */
export interface CheckedField {
  name: CheckedFieldName;
  line: number;
  start: number;
  end: number;
  /** Index of the check digit on the same line. */
  checkAt: number;
  /** Digits only (dates; the Vietnamese numbers): a letter there is certainly a misread. */
  numeric: boolean;
}

export const isVietnamese = (lines: readonly string[]): boolean => lines[0]?.slice(2, 5) === 'VNM';

/** A generic document number longer than 9 characters (`<` at position 15, the rest in the optional data). */
export const hasLongDocumentNumber = (lines: readonly string[]): boolean =>
  !isVietnamese(lines) && lines[0]?.[14] === '<' && lines[0]?.[15] !== '<';

export function checkedFields(lines: readonly string[]): CheckedField[] {
  const vn = isVietnamese(lines);
  const fields: CheckedField[] = [];
  if (!hasLongDocumentNumber(lines)) fields.push({ name: 'documentNumber', line: 0, start: 5, end: 14, checkAt: 14, numeric: vn });
  if (vn) fields.push({ name: 'idNumber', line: 0, start: 15, end: 27, checkAt: 29, numeric: true });
  fields.push(
    { name: 'birthDate', line: 1, start: 0, end: 6, checkAt: 6, numeric: true },
    { name: 'expiryDate', line: 1, start: 8, end: 14, checkAt: 14, numeric: true },
  );
  return fields;
}

/** The characters the composite check digit covers (line 2 position 30). */
export const compositeInput = (lines: readonly string[]): string =>
  `${lines[0]?.slice(5, 30)}${lines[1]?.slice(0, 7)}${lines[1]?.slice(8, 15)}${lines[1]?.slice(18, 29)}`;
export const COMPOSITE_AT = { line: 1, index: 29 } as const;

/** Composite-covered places no other check digit covers: fillers and optional data. */
export function compositeOnlyPlaces(lines: readonly string[]): { line: number; index: number }[] {
  const own = new Set(checkedFields(lines).flatMap((f) => [...range(f.start, f.end), f.checkAt].map((i) => `${f.line}:${i}`)));
  const places = [...range(5, 30).map((index) => ({ line: 0, index })), ...range(18, 29).map((index) => ({ line: 1, index }))];
  return places.filter((p) => !own.has(`${p.line}:${p.index}`));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** True when `check` is the ICAO 7-3-1 check digit of `value`. */
export const checkDigitOk = (value: string, check: string | undefined): boolean => check === String(mrzCheckDigit(value));

export const fieldOk = (lines: readonly string[], f: CheckedField): boolean =>
  checkDigitOk(lines[f.line]?.slice(f.start, f.end) ?? '', lines[f.line]?.[f.checkAt]);

export const compositeOk = (lines: readonly string[]): boolean =>
  checkDigitOk(compositeInput(lines), lines[COMPOSITE_AT.line]?.[COMPOSITE_AT.index]);

/**
 * Three lines of 30 MRZ characters, from one string (lines split on CR/LF) or a list. Spaces an
 * OCR engine inserts are dropped and letters upper-cased; anything else that is not exactly
 * 3 × 30 of `0-9A-Z<` throws DK_ERR_MRZ_FORMAT (over 1 KB: DK_ERR_ID_INPUT_TOO_LONG).
 */
export function normaliseMrzLines(input: string | readonly string[]): string[] {
  const formatError = (reason: string, line?: number) =>
    new DangkyError('DK_ERR_MRZ_FORMAT', { detail: { reason, ...(line ? { line } : {}) } });
  if (!Array.isArray(input) && typeof input !== 'string') throw formatError('not text');
  if (Array.isArray(input) && (input.length > 3 || input.some((l) => typeof l !== 'string'))) throw formatError('not 3 lines');
  const text = typeof input === 'string' ? input : (input as readonly string[]).join('\n');
  assertBounded(text);
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/[ \t]+/g, '').toUpperCase())
    .filter((l) => l !== '');
  if (lines.length !== 3) throw formatError('not 3 lines');
  lines.forEach((line, i) => {
    if (line.length !== TD1_WIDTH) throw formatError('line is not 30 characters', i + 1);
    if (!/^[0-9A-Z<]+$/.test(line)) throw formatError('character outside the MRZ set', i + 1);
  });
  return lines;
}
