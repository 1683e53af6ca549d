import {
  MAX_IDENTITY_CHECKS,
  PROVENANCE_FIELDS,
  provenanceField,
  identitySource,
  type CheckDetail,
  type FieldOrigin,
  type IdentityCheckName,
  type IdentityCheckResult,
  type IdentityProvenance,
  type ProvenanceField,
} from '../schemas/identity.ts';
import type { MrzCorrection } from './correct-mrz.ts';
import { crossCheck, type ManualIdentity } from './cross-check.ts';
import type { IdFinding, Sex } from './finding.ts';
import type { MrzResult } from './mrz.ts';
import type { QrIdentity } from './qr.ts';

/**
 * What staff see about an identity, so the counter can judge how far to trust it: for each
 * submitted field, which reading gave it (or that the citizen typed or changed it), and every check
 * with its outcome — the cross-check's findings and, for each check that ran and found nothing, a
 * `passed` entry, so the counter shows what held and not only what failed. Pure (`today` is a
 * parameter) and total: whatever the readings hold, it returns a provenance that parses with
 * `identityProvenance`. Values never go into it: only field names, source names, codes and MRZ
 * positions.
 */
export type ChipVerdict = 'verified' | 'not-verified' | 'failed';

/** The chip read result's identity (core/agent ChipIdentity) and its passive-authentication verdict. */
export interface ChipReading {
  identity: Partial<Record<ProvenanceField, string | null | undefined>>;
  verdict: ChipVerdict;
}

export interface ProvenanceInput {
  chip?: ChipReading | null;
  qr?: QrIdentity | null;
  mrz?: MrzResult | null;
  mrzCorrections?: readonly MrzCorrection[];
  /** The values finally submitted (the form), whatever filled them. */
  submitted: Partial<Record<ProvenanceField, string | null | undefined>>;
  /** `YYYY-MM-DD` in the site's time zone. */
  today: string;
}

type CardSource = 'chip' | 'qr' | 'mrz';
const CARD_SOURCES: readonly CardSource[] = ['chip', 'qr', 'mrz'];

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const sexOf = (v: unknown): Sex | null => (v === 'M' || v === 'F' ? v : null);

/** Same value for provenance: NFC, spacing and (for names) letter case do not count; diacritics do. */
function sameValue(field: ProvenanceField, a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
  return field === 'fullName' || field === 'address'
    ? norm(a).toLocaleLowerCase('vi') === norm(b).toLocaleLowerCase('vi')
    : norm(a) === norm(b);
}

function cardValues(input: ProvenanceInput): Record<CardSource, Partial<Record<ProvenanceField, string>>> {
  const pick = (o: object | null | undefined): Partial<Record<ProvenanceField, string>> => {
    const out: Partial<Record<ProvenanceField, string>> = {};
    if (!o) return out;
    for (const f of PROVENANCE_FIELDS) {
      const v = text((o as Record<string, unknown>)[f]);
      if (v !== null) out[f] = v;
    }
    return out;
  };
  const mrz = input.mrz?.fields;
  return {
    chip: pick(input.chip?.identity),
    qr: pick(input.qr),
    // The MRZ's own fields only: its document number is the card's, its name has no diacritics.
    mrz: pick(
      mrz
        ? {
            idNumber: mrz.idNumber,
            fullName: mrz.fullName,
            birthDate: mrz.birthDate,
            sex: mrz.sex,
            expiryDate: mrz.expiryDate,
            documentNumber: mrz.documentNumber,
          }
        : null,
    ),
  };
}

function origins(input: ProvenanceInput, cards: ReturnType<typeof cardValues>): Partial<Record<ProvenanceField, FieldOrigin>> {
  const fields: Partial<Record<ProvenanceField, FieldOrigin>> = {};
  for (const field of PROVENANCE_FIELDS) {
    const final = text(input.submitted?.[field]);
    if (final === null) continue;
    const read = CARD_SOURCES.filter((s) => cards[s][field] !== undefined);
    const from = read.find((s) => sameValue(field, cards[s][field] as string, final));
    if (from) fields[field] = { source: from, edited: false };
    else if (read[0]) fields[field] = { source: 'manual', edited: true, editedFrom: read[0] };
    else fields[field] = { source: 'manual', edited: false };
  }
  return fields;
}

/** Which check a cross-check finding belongs to. */
function checkOf(f: IdFinding): IdentityCheckName {
  switch (f.code) {
    case 'DK_ERR_MRZ_CHECK_DIGIT':
    case 'DK_ERR_MRZ_CORRECTED':
      return 'mrz-check-digits';
    case 'DK_ERR_MRZ_FIELD_INVALID':
      return 'mrz-fields';
    case 'DK_ERR_ID_NUMBER_PROVINCE':
    case 'DK_ERR_ID_NUMBER_BIRTH_YEAR':
    case 'DK_ERR_ID_NUMBER_SEX':
      return 'id-number-structure';
    case 'DK_ERR_ID_SOURCES_DISAGREE':
      return String(f.detail?.sources ?? '').includes('manual') ? 'matches-card' : 'sources-agree';
    case 'DK_ERR_ID_CARD_EXPIRED':
      return 'card-not-expired';
    case 'DK_ERR_ID_BIRTH_DATE_FUTURE':
      return 'birth-date';
    default:
      return 'other';
  }
}

/** Only the keys and forms the schema allows; anything else in a finding's detail is dropped. */
function detailOf(raw: Record<string, string | number> | undefined): CheckDetail | undefined {
  if (!raw) return undefined;
  const d: CheckDetail = {};
  const field = provenanceField.safeParse(raw.field);
  if (field.success) d.field = field.data;
  if (typeof raw.sources === 'string' && /^(chip|qr|mrz|manual)\/(chip|qr|mrz|manual)$/.test(raw.sources)) d.sources = raw.sources;
  const source = identitySource.safeParse(raw.source);
  if (source.success) d.source = source.data;
  if (typeof raw.check === 'string' && /^[A-Za-z]{1,30}$/.test(raw.check)) d.check = raw.check;
  if (Number.isInteger(raw.line) && (raw.line as number) >= 1 && (raw.line as number) <= 3) d.line = raw.line as number;
  if (Number.isInteger(raw.position) && (raw.position as number) >= 1 && (raw.position as number) <= 30)
    d.position = raw.position as number;
  return Object.keys(d).length > 0 ? d : undefined;
}

const result = (
  check: IdentityCheckName,
  outcome: IdentityCheckResult['outcome'],
  code?: string,
  detail?: CheckDetail,
): IdentityCheckResult => ({
  check,
  outcome,
  ...(code ? { code } : {}),
  ...(detail ? { detail } : {}),
});

export function buildIdentityProvenance(input: ProvenanceInput): IdentityProvenance {
  const cards = cardValues(input);
  const chip = input.chip ? { ...cards.chip, sex: sexOf(cards.chip.sex) } : null;
  const qr = input.qr ?? null;
  const mrz = input.mrz ?? null;
  const s = input.submitted ?? {};
  const manual: ManualIdentity = {
    idNumber: text(s.idNumber),
    fullName: text(s.fullName),
    birthDate: text(s.birthDate),
    sex: sexOf(s.sex),
    expiryDate: text(s.expiryDate),
  };
  const { findings, idNumber } = crossCheck({ chip, qr, mrz, mrzCorrections: input.mrzCorrections ?? [], manual, today: input.today });

  const checks: IdentityCheckResult[] = [];
  const found = findings.map((f) => result(checkOf(f), f.severity, f.code, detailOf(f.detail)));
  const failed = (check: IdentityCheckName, sources?: string) =>
    found.some((r) => r.check === check && r.outcome !== 'info' && (sources === undefined || r.detail?.sources === sources));

  if (input.chip) {
    const verdict = input.chip.verdict;
    checks.push(
      verdict === 'verified'
        ? result('chip-passive-auth', 'passed', undefined, { source: 'chip' })
        : verdict === 'not-verified'
          ? result('chip-passive-auth', 'warning', 'DK_ERR_ID_CHIP_NOT_VERIFIED', { source: 'chip' })
          : result('chip-passive-auth', 'error', 'DK_ERR_ID_CHIP_FAILED', { source: 'chip' }),
    );
  }
  const passedUnless = (check: IdentityCheckName, ran: boolean, detail?: CheckDetail) => {
    const own = found.filter((r) => r.check === check && (detail?.sources === undefined || r.detail?.sources === detail.sources));
    if (ran && !failed(check, detail?.sources)) checks.push(result(check, 'passed', undefined, detail));
    checks.push(...own);
  };

  const mrzRan = mrz !== null && Array.isArray(mrz.checks);
  passedUnless('mrz-check-digits', mrzRan && mrz.checks.some((c) => c.kind === 'check-digit'), { source: 'mrz' });
  passedUnless('mrz-fields', mrzRan && mrz.checks.some((c) => c.kind === 'field'), { source: 'mrz' });

  const present = CARD_SOURCES.filter((src) => (src === 'chip' ? chip : src === 'qr' ? qr : mrz) !== null);
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) passedUnless('sources-agree', true, { sources: `${present[i]}/${present[j]}` });
  }
  const typed = Object.values(manual).some((v) => v !== null);
  for (const src of present) passedUnless('matches-card', typed, { sources: `${src}/manual` });
  // Disagreements whose pair is not one of the above (none today) still reach staff.
  checks.push(...found.filter((r) => (r.check === 'sources-agree' || r.check === 'matches-card') && !checks.includes(r)));

  passedUnless('id-number-structure', idNumber !== null, idNumber ? { source: numberSource(input, idNumber.idNumber) } : undefined);

  const expirySource = expiryKnown(input, chip, mrz);
  passedUnless('card-not-expired', expirySource !== null, expirySource ? { source: expirySource } : undefined);
  checks.push(...found.filter((r) => r.check === 'birth-date' || r.check === 'other'));

  return { fields: origins(input, cards), checks: checks.slice(0, MAX_IDENTITY_CHECKS) };
}

/** The reading whose 12-digit number the cross-check analysed (its first source with one). */
function numberSource(input: ProvenanceInput, id: string): FieldOrigin['source'] {
  if (text(input.chip?.identity.idNumber) === id) return 'chip';
  if (input.qr?.idNumber === id) return 'qr';
  if (input.mrz?.fields.idNumber === id) return 'mrz';
  return 'manual';
}

/**
 * The reading the expiry check used, when the card's expiry is known: the chip's date (null =
 * never expires), or the MRZ's when its date field is valid (null there = `991231`, never).
 * The QR carries no expiry.
 */
function expiryKnown(input: ProvenanceInput, chip: object | null, mrz: MrzResult | null): CardSource | 'manual' | null {
  if (chip && input.chip && 'expiryDate' in input.chip.identity) return 'chip';
  if (mrz && mrz.checks.some((c) => c.name === 'expiryDateValid' && c.ok)) return 'mrz';
  if (text(input.submitted?.expiryDate)) return 'manual';
  return null;
}
