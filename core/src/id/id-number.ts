import { DangkyError } from '../errors/index.ts';
import { ID_NUMBER } from '../schemas/identity.ts';
import { finding, type IdFinding, type Sex } from './finding.ts';

/**
 * The 12-digit personal ID number (BRIEF §1.1): digits 1–3 the province of birth registration
 * on the old 63-province list (001–096; 101–295 = born abroad), digit 4 century + sex
 * (0/1 = male/female born 1900–1999, 2/3 = 2000–2099, 4/5 = 2100–2199 …), digits 5–6 the
 * birth year's last two digits, 7–12 random. The law now guarantees only "12 digits", so only
 * `^\d{12}$` is hard (DK_ERR_ID_NUMBER_FORMAT); anything the structure disagrees with is a
 * warning for staff.
 */
export interface IdNumberAnalysis {
  idNumber: string;
  /** Digits 1–3. */
  provinceCode: string;
  /** 101–295: birth registered abroad. */
  bornAbroad: boolean;
  /** 001–096 or 101–295. */
  provinceCodeInRange: boolean;
  /** Digit 4. */
  centuryDigit: number;
  sex: Sex;
  /** Century from digit 4 + digits 5–6. */
  birthYear: number;
  findings: IdFinding[];
}

export interface AnalyseIdNumberOptions {
  /** `YYYY-MM-DD` read elsewhere (QR, MRZ, typed); compared with the encoded birth year. */
  birthDate?: string | null;
  sex?: Sex | null;
}

export function analyseIdNumber(idNumber: string, options: AnalyseIdNumberOptions = {}): IdNumberAnalysis {
  if (typeof idNumber !== 'string' || !ID_NUMBER.test(idNumber)) throw new DangkyError('DK_ERR_ID_NUMBER_FORMAT');
  const provinceCode = idNumber.slice(0, 3);
  const province = Number(provinceCode);
  const bornAbroad = province >= 101 && province <= 295;
  const provinceCodeInRange = (province >= 1 && province <= 96) || bornAbroad;
  const centuryDigit = Number(idNumber[3]);
  const sex: Sex = centuryDigit % 2 === 0 ? 'M' : 'F';
  const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(idNumber.slice(4, 6));

  const findings: IdFinding[] = [];
  if (!provinceCodeInRange) findings.push(finding('DK_ERR_ID_NUMBER_PROVINCE', 'warning'));
  if (options.birthDate && Number(options.birthDate.slice(0, 4)) !== birthYear)
    findings.push(finding('DK_ERR_ID_NUMBER_BIRTH_YEAR', 'warning'));
  if (options.sex && options.sex !== sex) findings.push(finding('DK_ERR_ID_NUMBER_SEX', 'warning'));
  return { idNumber, provinceCode, bornAbroad, provinceCodeInRange, centuryDigit, sex, birthYear, findings };
}
