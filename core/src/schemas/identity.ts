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

export const birthDate = isoDate.refine(
  (d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10),
  { error: 'DK_ERR_BIRTH_DATE_RANGE' },
);

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

export const identity = personalIdentity.extend({
  ...documentFields.shape,
  source: identitySource,
  assurance,
});

export type PersonalIdentity = z.infer<typeof personalIdentity>;
export type Identity = z.infer<typeof identity>;
export type IdentitySource = z.infer<typeof identitySource>;
export type Assurance = z.infer<typeof assurance>;

/** `079…123` → `079******123`: how an ID number is shown where the full number is not needed. */
export const maskIdNumber = (id: string): string =>
  id.length > 6 ? `${id.slice(0, 3)}${'*'.repeat(id.length - 6)}${id.slice(-3)}` : '*'.repeat(id.length);
