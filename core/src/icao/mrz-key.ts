/**
 * The BAC key material from the MRZ (ICAO 9303-11 §9.7.1 / Appendix D.2): document number
 * padded with `<` to at least 9 characters + its check digit, birth date YYMMDD + check digit,
 * expiry date YYMMDD + check digit. On Vietnamese cards the MRZ document-number field holds the
 * last 9 digits of the 12-digit ID number; some readers use all 12 (BRIEF §1.4 ⚠), so the
 * caller picks which string to pass and may try both.
 */

const VALUE = (ch: string): number => {
  if (ch === '<') return 0;
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55;
  throw new RangeError('not an MRZ character');
};

/** ICAO 9303 check digit: weights 7-3-1, `<` = 0, A–Z = 10–35. */
export function mrzCheckDigit(field: string): number {
  const weights = [7, 3, 1];
  let total = 0;
  for (let i = 0; i < field.length; i++) total += VALUE(field[i] ?? '<') * (weights[i % 3] ?? 1);
  return total % 10;
}

export interface BacKeyInput {
  documentNumber: string;
  /** YYMMDD */
  birthDate: string;
  /** YYMMDD */
  expiryDate: string;
}

/** The "MRZ information" string whose SHA-1 seeds the BAC keys. */
export function bacKeyInfo(input: BacKeyInput): string {
  const doc = input.documentNumber.toUpperCase().padEnd(9, '<');
  if (!/^[0-9A-Z<]+$/.test(doc)) throw new RangeError('document number has characters outside the MRZ set');
  if (!/^\d{6}$/.test(input.birthDate) || !/^\d{6}$/.test(input.expiryDate)) throw new RangeError('dates must be YYMMDD');
  return `${doc}${mrzCheckDigit(doc)}${input.birthDate}${mrzCheckDigit(input.birthDate)}${input.expiryDate}${mrzCheckDigit(input.expiryDate)}`;
}
