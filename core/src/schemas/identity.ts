import { z } from 'zod';
import { isoDate, nfcText } from './primitives.ts';

/**
 * What was read about a citizen from the card or typed in. Field names are the ones the
 * ID parsers (QR, MRZ, chip) produce, so every source fills the same shape.
 */
export const ID_NUMBER = /^\d{12}$/;
export const OLD_ID_NUMBER = /^\d{9}$/;

export const idNumber = z.string().regex(ID_NUMBER, { error: 'DK_ERR_ID_NUMBER_FORMAT' });
export const sex = z.enum(['M', 'F'], { error: 'DK_ERR_SEX_REQUIRED' });

/** Letters of any script (Vietnamese diacritics included), spaces, apostrophe and hyphen. */
const NAME = /^[\p{L}\p{M}][\p{L}\p{M}' -]*$/u;
export const fullName = nfcText(100)
  .pipe(z.string().min(1, { error: 'DK_ERR_NAME_REQUIRED' }))
  .pipe(z.string().regex(NAME, { error: 'DK_ERR_NAME_INVALID' }));

/**
 * A plausible birth date: not before 1900. Whether it is in the future is a question of *when*,
 * and a schema reads no clock: `birthDateOn(today)` asks it with a Ho Chi Minh day the caller
 * passes in (the kiosk's identity step); an event asks it of its own time (events/envelope.ts).
 */
export const birthDate = isoDate.refine((d) => d >= '1900-01-01', { error: 'DK_ERR_BIRTH_DATE_RANGE' });
export const birthDateOn = (today: string) => birthDate.refine((d) => d <= today, { error: 'DK_ERR_BIRTH_DATE_RANGE' });

export const address = nfcText(300).pipe(z.string().min(1, { error: 'DK_ERR_ADDRESS_REQUIRED' }));

export const identitySource = z.enum(['chip', 'qr', 'mrz', 'manual']);
export const assurance = z.enum(['chip-verified', 'checked', 'declared']);

/** The minimum a registration needs about the person (manual entry gives exactly this). */
export const personalIdentity = z.object({
  idNumber,
  fullName,
  birthDate,
  sex,
  address,
});

/** Optional document fields that card reading adds. */
export const documentFields = z.object({
  oldIdNumber: z.string().regex(OLD_ID_NUMBER).nullable().optional(),
  documentNumber: z.string().max(20).nullable().optional(),
  surname: z.string().max(100).optional(),
  givenNames: z.string().max(100).optional(),
  issueDate: isoDate.nullable().optional(),
  expiryDate: isoDate.nullable().optional(),
});

/**
 * Where each submitted field came from and what the kiosk's checks said (staff see it at the
 * counter, to judge how far to trust each field). Sources and codes only, never a value: the detail
 * keys below can hold a field or source name, an MRZ check's name, a line and a position, and
 * nothing else (unknown keys are dropped), so no ID number, date or name can travel in here.
 * Optional on the identity, so registrations from kiosks without it still parse.
 */
export const PROVENANCE_FIELDS = [
  'idNumber',
  'fullName',
  'birthDate',
  'sex',
  'address',
  'issueDate',
  'expiryDate',
  'documentNumber',
  'oldIdNumber',
] as const;
export const provenanceField = z.enum(PROVENANCE_FIELDS);

export const fieldOrigin = z.object({
  /** Who gave the value finally submitted: a card reading, or the citizen (`manual`). */
  source: identitySource,
  /** A card reading had this field and the citizen changed it. */
  edited: z.boolean(),
  /** When edited: the reading whose value was replaced. */
  editedFrom: identitySource.exclude(['manual']).optional(),
});

/** What was checked; `passed` entries say what held, the others carry a registry code. */
export const IDENTITY_CHECKS = [
  'chip-passive-auth',
  'mrz-check-digits',
  'mrz-fields',
  'sources-agree',
  'matches-card',
  'id-number-structure',
  'card-not-expired',
  'birth-date',
  'other',
] as const;
export const identityCheckName = z.enum(IDENTITY_CHECKS);

const PAIR = /^(chip|qr|mrz|manual)\/(chip|qr|mrz|manual)$/;
export const checkDetail = z.object({
  field: provenanceField.optional(),
  /** Two sources compared, `qr/mrz`. */
  sources: z.string().regex(PAIR).optional(),
  source: identitySource.optional(),
  /** An MRZ check (`birthDate`, `composite`, …): a name, never the characters read. */
  check: z
    .string()
    .regex(/^[A-Za-z]{1,30}$/)
    .optional(),
  line: z.number().int().min(1).max(3).optional(),
  position: z.number().int().min(1).max(30).optional(),
});

export const identityCheckResult = z.object({
  check: identityCheckName,
  outcome: z.enum(['passed', 'info', 'warning', 'error']),
  /** Registry code of a finding (absent on `passed`). A pattern, not the registry, so a newer kiosk's code does not make the event invalid. */
  code: z
    .string()
    .regex(/^DK_ERR_[A-Z0-9_]{1,60}$/)
    .optional(),
  detail: checkDetail.optional(),
});

export const MAX_IDENTITY_CHECKS = 100;
export const identityProvenance = z.object({
  fields: z.partialRecord(provenanceField, fieldOrigin),
  checks: z.array(identityCheckResult).max(MAX_IDENTITY_CHECKS),
});

/** The identity step's check: `personalIdentity` with no birth date after `today` (a Ho Chi Minh day, `YYYY-MM-DD`). */
export const personalIdentityOn = (today: string) => personalIdentity.extend({ birthDate: birthDateOn(today) });

export const identity = personalIdentity.extend({
  ...documentFields.shape,
  source: identitySource,
  assurance,
  provenance: identityProvenance.optional(),
});

export type PersonalIdentity = z.infer<typeof personalIdentity>;
export type Identity = z.infer<typeof identity>;
export type IdentitySource = z.infer<typeof identitySource>;
export type Assurance = z.infer<typeof assurance>;
export type ProvenanceField = z.infer<typeof provenanceField>;
export type FieldOrigin = z.infer<typeof fieldOrigin>;
export type IdentityCheckName = z.infer<typeof identityCheckName>;
export type IdentityCheckResult = z.infer<typeof identityCheckResult>;
export type CheckDetail = z.infer<typeof checkDetail>;
export type IdentityProvenance = z.infer<typeof identityProvenance>;

/** `079…123` → `079******123`: how an ID number is shown where the full number is not needed. */
export const maskIdNumber = (id: string): string =>
  id.length > 6 ? `${id.slice(0, 3)}${'*'.repeat(id.length - 6)}${id.slice(-3)}` : '*'.repeat(id.length);
