import { buildTd1, type BuildTd1Input } from '@dangky/core/id';
import type { Rng } from './rng.ts';

/**
 * Synthetic card holders (no real person): random names from common syllables, dates and
 * numbers, in the Vietnamese layout (BRIEF §1.3) or a generic foreign TD1. The MRZ comes from
 * core's buildTd1, so every check digit is right; `truth` is what parseMrz must give back.
 */
export interface SyntheticPerson {
  layout: 'VNM' | 'TD1';
  input: BuildTd1Input;
  mrz: string[];
}

const SURNAMES = ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'HUYNH', 'PHAN', 'VU', 'VO', 'DANG', 'BUI', 'DO', 'HO', 'NGO', 'DUONG', 'LY'];
const MIDDLE = ['VAN', 'THI', 'HUU', 'DUC', 'NGOC', 'MINH', 'THANH', 'QUOC', 'KIM', 'XUAN'];
const GIVEN = [
  'AN',
  'BINH',
  'CHI',
  'DUNG',
  'GIANG',
  'HA',
  'HAI',
  'HANH',
  'HIEU',
  'HOA',
  'HUNG',
  'KHANH',
  'LAN',
  'LINH',
  'LONG',
  'MAI',
  'NAM',
  'NGA',
  'PHONG',
  'QUANG',
  'SON',
  'TAM',
  'THAO',
  'TRUNG',
  'TUAN',
  'VY',
  'YEN',
];
const FOREIGN_SURNAMES = [
  'MUELLER',
  'SCHMIDT',
  'DUBOIS',
  'ROSSI',
  'GARCIA',
  'NOWAK',
  'JANSSEN',
  'ERIKSSON',
  'OLIVEIRA',
  'KOWALSKI',
  'VAN<DER<BERG',
];
const FOREIGN_GIVEN = ['ANNA', 'MARIA', 'JONAS', 'LUCAS', 'SOFIA', 'ELENA', 'PETER', 'CLARA', 'MATEO', 'LENA', 'OSKAR', 'JULIA'];
const STATES = ['D', 'FRA', 'ITA', 'ESP', 'NLD', 'POL', 'SWE', 'PRT', 'BEL', 'AUT'];
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const isoDate = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => rng.int(0, 9)).join('');

function vietnamese(rng: Rng): BuildTd1Input {
  const sex = rng.pick(['M', 'F'] as const);
  const year = rng.int(1940, 2012);
  const birthDate = isoDate(year, rng.int(1, 12), rng.int(1, 28));
  // BRIEF §1.1: province, century + sex, two-digit year, six random digits.
  const century = Math.floor((year - 1900) / 100) * 2 + (sex === 'F' ? 1 : 0);
  const idNumber = `${pad(rng.int(1, 96), 3)}${century}${pad(year % 100, 2)}${digits(rng, 6)}`;
  const issueYear = rng.int(Math.max(2021, year + 14), 2025);
  const age = issueYear - year;
  const renewAt = [25, 40, 60].find((a) => a > age + 1);
  const expiryDate = age >= 58 || !renewAt ? null : isoDate(year + renewAt, Number(birthDate.slice(5, 7)), Number(birthDate.slice(8, 10)));
  const given = [rng.pick(MIDDLE), ...(rng.next() < 0.5 ? [rng.pick(MIDDLE)] : []), rng.pick(GIVEN)].join(' ');
  return { issuingState: 'VNM', idNumber, birthDate, sex, expiryDate, nationality: 'VNM', surname: rng.pick(SURNAMES), givenNames: given };
}

function foreign(rng: Rng): BuildTd1Input {
  const state = rng.pick(STATES);
  const year = rng.int(1950, 2005);
  const documentNumber = `${LETTERS[rng.int(0, 25)]}${LETTERS[rng.int(0, 25)]}${digits(rng, 7)}`;
  return {
    documentCode: rng.pick(['ID', 'I<', 'IR']),
    issuingState: state,
    documentNumber,
    optionalData: [rng.next() < 0.4 ? digits(rng, rng.int(3, 10)) : '', ''],
    birthDate: isoDate(year, rng.int(1, 12), rng.int(1, 28)),
    sex: rng.pick(['M', 'F'] as const),
    expiryDate: isoDate(rng.int(2027, 2035), rng.int(1, 12), rng.int(1, 28)),
    nationality: state,
    surname: rng.pick(FOREIGN_SURNAMES),
    givenNames: [rng.pick(FOREIGN_GIVEN), ...(rng.next() < 0.3 ? [rng.pick(FOREIGN_GIVEN)] : [])].join(' '),
  };
}

/** One synthetic holder; `foreignShare` of them (default 0.25) carry a generic foreign TD1. */
export function syntheticPerson(rng: Rng, options: { foreignShare?: number } = {}): SyntheticPerson {
  const layout = rng.next() < (options.foreignShare ?? 0.25) ? 'TD1' : 'VNM';
  const input = layout === 'VNM' ? vietnamese(rng) : foreign(rng);
  return { layout, input, mrz: buildTd1(input) };
}
