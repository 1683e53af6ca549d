import { mrzCheckDigit } from '../icao/mrz-key.ts';
import { compositeInput, TD1_WIDTH } from './mrz-layout.ts';

/**
 * Writes a TD1 MRZ with correct check digits (BRIEF §1.3 layouts): for simulators, test
 * fixtures and round-trip tests of parseMrz. Text fields must already be MRZ text (A–Z, 0–9;
 * names without diacritics); they are cut to fit.
 */
export interface BuildTd1Input {
  /** Default `ID`. */
  documentCode?: string;
  issuingState: string;
  /** Vietnamese cards: omitted, the last 9 digits of idNumber. */
  documentNumber?: string;
  /** Vietnamese cards: the 12-digit number (line 1 positions 16–27). */
  idNumber?: string;
  /** Generic layout only: line 1 positions 16–30 and line 2 positions 19–29. */
  optionalData?: [string, string];
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: 'M' | 'F' | '<';
  /** `YYYY-MM-DD`; null = no expiry (`991231` on Vietnamese cards, else `<<<<<<`). */
  expiryDate: string | null;
  nationality: string;
  surname: string;
  givenNames: string;
}

const fit = (text: string, width: number): string => text.replace(/ /g, '<').slice(0, width).padEnd(width, '<');
const yymmdd = (iso: string): string => `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
const withCheck = (field: string): string => `${field}${mrzCheckDigit(field)}`;

export function buildTd1(input: BuildTd1Input): string[] {
  const vn = input.issuingState === 'VNM';
  const documentNumber = fit(input.documentNumber ?? input.idNumber?.slice(3) ?? '', 9);
  const optional1 = vn ? `${input.idNumber ?? ''}<<${mrzCheckDigit(input.idNumber ?? '')}` : fit(input.optionalData?.[0] ?? '', 15);
  const line1 = fit(
    `${fit(input.documentCode ?? 'ID', 2)}${fit(input.issuingState, 3)}${withCheck(documentNumber)}${optional1}`,
    TD1_WIDTH,
  );
  const expiry = input.expiryDate ? yymmdd(input.expiryDate) : vn ? '991231' : '<<<<<<';
  const line2Body = `${withCheck(yymmdd(input.birthDate))}${input.sex}${withCheck(expiry)}${fit(input.nationality, 3)}${fit(vn ? '' : (input.optionalData?.[1] ?? ''), 11)}`;
  const line3 = fit(`${input.surname}<<${input.givenNames}`, TD1_WIDTH);
  return [line1, `${line2Body}${mrzCheckDigit(compositeInput([line1, line2Body]))}`, line3];
}
