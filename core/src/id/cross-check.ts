import { DangkyError } from '../errors/index.ts';
import { ID_NUMBER } from '../schemas/identity.ts';
import { isRealIsoDate } from '../schemas/primitives.ts';
import { sameName } from './compare-names.ts';
import type { MrzCorrection } from './correct-mrz.ts';
import { finding, type IdFinding, type Sex } from './finding.ts';
import { analyseIdNumber, type IdNumberAnalysis } from './id-number.ts';
import type { MrzResult } from './mrz.ts';
import type { QrIdentity } from './qr.ts';

/**
 * Compares what was read about one card: the chip, the QR, the MRZ, the 12-digit number's
 * structure and what was typed. Severities:
 * - `error`: an MRZ check failed, two card readings (chip, QR, MRZ) disagree, any source gives
 *   another ID number, the card has expired, a birth date is in the future;
 * - `warning`: the number's structure disagrees with the birth year / sex / province range
 *   (BRIEF §1.1: never a rejection), a typed field differs from the card;
 * - `info`: an MRZ character was corrected (with where and by which check).
 * Pure: `today` comes in as a parameter.
 */
export interface ManualIdentity {
  idNumber?: string | null;
  fullName?: string | null;
  birthDate?: string | null;
  sex?: Sex | null;
  expiryDate?: string | null;
}

/** The chip's identity (DG13/DG1) as the agent returns it; only the compared fields matter here. */
export interface ChipFields {
  idNumber?: string | null;
  fullName?: string | null;
  birthDate?: string | null;
  sex?: Sex | null;
  expiryDate?: string | null;
}

export interface CrossCheckSources {
  chip?: ChipFields | null;
  qr?: QrIdentity | null;
  mrz?: MrzResult | null;
  /** What correctMrz changed before the MRZ was parsed. */
  mrzCorrections?: readonly MrzCorrection[];
  manual?: ManualIdentity | null;
  /** `YYYY-MM-DD` in the site's time zone. */
  today: string;
}

export interface CrossCheckResult {
  findings: IdFinding[];
  /** The number's structure, from the first source that has a 12-digit number. */
  idNumber: IdNumberAnalysis | null;
}

interface Reading {
  source: 'chip' | 'qr' | 'mrz' | 'manual';
  idNumber?: string | null | undefined;
  fullName?: string | null | undefined;
  birthDate?: string | null | undefined;
  sex?: Sex | null | undefined;
  expiryDate?: string | null | undefined;
  nameTruncated?: boolean;
}

function readings(sources: CrossCheckSources): Reading[] {
  const out: Reading[] = [];
  if (sources.chip) out.push({ source: 'chip', ...sources.chip });
  if (sources.qr) out.push({ source: 'qr', ...sources.qr });
  if (sources.mrz) out.push({ source: 'mrz', ...sources.mrz.fields });
  if (sources.manual) out.push({ source: 'manual', ...sources.manual });
  return out;
}

function compare(a: Reading, b: Reading, findings: IdFinding[]): void {
  const sources = `${a.source}/${b.source}`;
  const betweenCards = a.source !== 'manual' && b.source !== 'manual';
  const differ = (field: 'idNumber' | 'birthDate' | 'sex'): boolean => !!a[field] && !!b[field] && a[field] !== b[field];
  if (differ('idNumber')) findings.push(finding('DK_ERR_ID_SOURCES_DISAGREE', 'error', { field: 'idNumber', sources }));
  const severity = betweenCards ? 'error' : 'warning';
  // An MRZ name cut to fit line 3 need only be the start of the other, whichever side it is on.
  const sameNames = (x: string, y: string): boolean =>
    a.nameTruncated === true ? sameName(y, x, { truncatedB: true }) : sameName(x, y, { truncatedB: b.nameTruncated === true });
  if (a.fullName && b.fullName && !sameNames(a.fullName, b.fullName)) {
    findings.push(finding('DK_ERR_ID_SOURCES_DISAGREE', severity, { field: 'fullName', sources }));
  }
  for (const field of ['birthDate', 'sex'] as const) {
    if (differ(field)) findings.push(finding('DK_ERR_ID_SOURCES_DISAGREE', severity, { field, sources }));
  }
}

export function crossCheck(sources: CrossCheckSources): CrossCheckResult {
  if (!isRealIsoDate(sources.today)) throw new DangkyError('DK_ERR_VALIDATION', { message: 'crossCheck needs today as YYYY-MM-DD' });
  const findings: IdFinding[] = [];

  for (const check of sources.mrz?.checks ?? []) {
    if (!check.ok)
      findings.push(
        finding(check.kind === 'check-digit' ? 'DK_ERR_MRZ_CHECK_DIGIT' : 'DK_ERR_MRZ_FIELD_INVALID', 'error', { check: check.name }),
      );
  }
  for (const c of sources.mrzCorrections ?? []) {
    findings.push(finding('DK_ERR_MRZ_CORRECTED', 'info', { line: c.line, position: c.position, check: c.check }));
  }

  const all = readings(sources);
  const numbered = all.find((r) => typeof r.idNumber === 'string' && ID_NUMBER.test(r.idNumber));
  let idNumber: IdNumberAnalysis | null = null;
  if (numbered?.idNumber) {
    const dated = all.find((r) => r.birthDate);
    const sexed = all.find((r) => r.sex);
    idNumber = analyseIdNumber(numbered.idNumber, { birthDate: dated?.birthDate ?? null, sex: sexed?.sex ?? null });
    findings.push(...idNumber.findings.map((f) => ({ ...f, detail: { ...f.detail, source: numbered.source } })));
  }

  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) compare(all[i] as Reading, all[j] as Reading, findings);
  }

  for (const r of all) {
    if (r.birthDate && r.birthDate > sources.today) findings.push(finding('DK_ERR_ID_BIRTH_DATE_FUTURE', 'error', { source: r.source }));
  }
  const expiry = all.find((r) => r.source !== 'qr' && r.expiryDate);
  if (expiry?.expiryDate && expiry.expiryDate < sources.today)
    findings.push(finding('DK_ERR_ID_CARD_EXPIRED', 'error', { source: expiry.source }));

  return { findings, idNumber };
}
