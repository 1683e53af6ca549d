import { DangkyError } from '../errors/index.ts';
import { isRealIsoDate } from '../schemas/primitives.ts';
import { yymmddToIso } from './dates.ts';
import { isIcaoStateCode } from './icao-codes.ts';
import type { Sex } from './finding.ts';
import { checkDigitOk, checkedFields, compositeOk, fieldOk, hasLongDocumentNumber, isVietnamese, normaliseMrzLines } from './mrz-layout.ts';

/**
 * A TD1 MRZ (3 × 30) read from the back of the card or from DG1 (BRIEF §1.3, layouts in
 * mrz-layout.ts). Parsing never corrects (see correct-mrz.ts) and never rejects a readable
 * MRZ for a failed check: the fields come back with every check and its result, and the
 * caller decides. Only text that is not a TD1 MRZ at all throws (DK_ERR_MRZ_FORMAT).
 */
export type MrzCheckName =
  | 'documentNumber'
  | 'idNumber'
  | 'birthDate'
  | 'expiryDate'
  | 'composite'
  | 'birthDateValid'
  | 'expiryDateValid'
  | 'sexValid'
  | 'idNumberLayout'
  | 'documentCodeValid'
  | 'issuingStateValid'
  | 'nationalityValid'
  | 'nameValid'
  /** Added by OCR, not by parseMrz: a second reading at another scale agrees wherever no check digit covers. */
  | 'ocrConfirmed';

export interface MrzCheck {
  name: MrzCheckName;
  /** `check-digit`: an ICAO 7-3-1 digit; `field`: the field's own form (a real date, M/F, the Vietnamese layout). */
  kind: 'check-digit' | 'field';
  ok: boolean;
}

export interface MrzFields {
  /** `VNM`: the Vietnamese layout (ID number in line 1); `TD1`: any other issuer, generic fields. */
  layout: 'VNM' | 'TD1';
  documentCode: string;
  issuingState: string;
  /** Fillers removed. On Vietnamese cards the last 9 digits of the ID number. */
  documentNumber: string;
  /** Vietnamese cards: the 12-digit number in line 1 positions 16–27; null elsewhere or when not 12 digits. */
  idNumber: string | null;
  /** Generic layout: line 1 optional data and line 2 optional data, fillers trimmed. */
  optionalData: [string, string];
  birthDate: string | null;
  sex: Sex | null;
  /** Null when the card never expires (`991231` on Vietnamese cards, `<<<<<<`) or the date is not real. */
  expiryDate: string | null;
  nationality: string;
  surname: string;
  /** `THANH LINH`: the given names separated by single spaces. */
  givenNames: string;
  fullName: string;
  /** Line 3 is full to the last character: the name may have been cut to fit. */
  nameTruncated: boolean;
}

export interface MrzResult {
  lines: string[];
  fields: MrzFields;
  checks: MrzCheck[];
  /** Every check passed. */
  valid: boolean;
}

export interface ParseMrzOptions {
  /** `YYYY-MM-DD`: a birth date YYMMDD takes the latest century not after it. Core reads no clock. */
  today: string;
}

const strip = (text: string): string => text.replace(/<+$/, '').replace(/</g, ' ').trim();
const words = (text: string): string => text.split('<').filter(Boolean).join(' ');

export function parseMrz(input: string | readonly string[], options: ParseMrzOptions): MrzResult {
  if (!isRealIsoDate(options?.today ?? '')) throw new DangkyError('DK_ERR_VALIDATION', { message: 'parseMrz needs today as YYYY-MM-DD' });
  const lines = normaliseMrzLines(input);
  const [l1 = '', l2 = '', l3 = ''] = lines;
  const vn = isVietnamese(lines);
  const checks: MrzCheck[] = [];

  let documentNumber = strip(l1.slice(5, 14)).replace(/ /g, '');
  if (hasLongDocumentNumber(lines)) {
    const extension = l1.slice(15).split('<')[0] ?? '';
    documentNumber += extension.slice(0, -1);
    checks.push({ name: 'documentNumber', kind: 'check-digit', ok: checkDigitOk(documentNumber, extension.slice(-1)) });
  }
  for (const field of checkedFields(lines)) checks.push({ name: field.name, kind: 'check-digit', ok: fieldOk(lines, field) });
  checks.push({ name: 'composite', kind: 'check-digit', ok: compositeOk(lines) });

  let idNumber: string | null = null;
  if (vn) {
    const candidate = l1.slice(15, 27);
    const layoutOk = /^\d{12}$/.test(candidate) && l1.slice(27, 29) === '<<' && l1.slice(5, 14) === candidate.slice(3);
    idNumber = /^\d{12}$/.test(candidate) ? candidate : null;
    checks.push({ name: 'idNumberLayout', kind: 'field', ok: layoutOk });
  }

  const birthDate = yymmddToIso(l2.slice(0, 6), { kind: 'birth', today: options.today });
  checks.push({ name: 'birthDateValid', kind: 'field', ok: birthDate !== null });
  const expiryText = l2.slice(8, 14);
  const noExpiry = expiryText === '<<<<<<' || (vn && expiryText === '991231');
  const expiryDate = noExpiry ? null : yymmddToIso(expiryText, { kind: 'expiry' });
  checks.push({ name: 'expiryDateValid', kind: 'field', ok: noExpiry || expiryDate !== null });
  const sexChar = l2[7];
  const sex = sexChar === 'M' || sexChar === 'F' ? sexChar : null;
  // ICAO allows `<`/`X` (unspecified); a Vietnamese card always prints M or F.
  checks.push({ name: 'sexValid', kind: 'field', ok: sex !== null || (!vn && (sexChar === '<' || sexChar === 'X')) });

  // Places no check digit covers, checked by their form so that a misread there cannot pass
  // unnoticed: the document code (ICAO: first character A, C or I), the states (ICAO 9303-3
  // codes; a Vietnamese citizen card is VNM's and its holder's nationality is VNM), and the
  // name (letters and fillers only, starting with a letter).
  checks.push({ name: 'documentCodeValid', kind: 'field', ok: /^[ACI][A-Z<]$/.test(l1.slice(0, 2)) });
  checks.push({ name: 'issuingStateValid', kind: 'field', ok: isIcaoStateCode(strip(l1.slice(2, 5))) });
  checks.push({ name: 'nationalityValid', kind: 'field', ok: vn ? l2.slice(15, 18) === 'VNM' : isIcaoStateCode(strip(l2.slice(15, 18))) });
  checks.push({ name: 'nameValid', kind: 'field', ok: /^[A-Z][A-Z<]*$/.test(l3) });

  const split = l3.indexOf('<<');
  const surname = words(split < 0 ? l3 : l3.slice(0, split));
  const givenNames = split < 0 ? '' : words(l3.slice(split + 2));

  const fields: MrzFields = {
    layout: vn ? 'VNM' : 'TD1',
    documentCode: strip(l1.slice(0, 2)),
    issuingState: strip(l1.slice(2, 5)),
    documentNumber,
    idNumber,
    optionalData: vn ? ['', ''] : [hasLongDocumentNumber(lines) ? '' : strip(l1.slice(15, 30)), strip(l2.slice(18, 29))],
    birthDate,
    sex,
    expiryDate,
    nationality: strip(l2.slice(15, 18)),
    surname,
    givenNames,
    fullName: [surname, givenNames].filter(Boolean).join(' '),
    nameTruncated: l3[29] !== '<',
  };
  return { lines, fields, checks, valid: checks.every((c) => c.ok) };
}
