import { z } from 'zod';

/**
 * Vietnamese mobile numbers: 10 digits, prefixes 03/05/07/08/09 since the 2018 renumbering.
 * Accepts `+84`/`84` and spaces or dots as typed, stores the national form `0xxxxxxxxx`.
 */
export const normalisePhone = (raw: string): string => {
  const digits = raw.replace(/[\s.-]/g, '');
  if (/^\+?84\d{9}$/.test(digits)) return `0${digits.replace(/^\+?84/, '')}`;
  return digits;
};

export const phone = z
  .string()
  .max(20, { error: 'DK_ERR_PHONE_INVALID' })
  .transform(normalisePhone)
  .pipe(z.string().regex(/^0[35789]\d{8}$/, { error: 'DK_ERR_PHONE_INVALID' }));

export const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'DK_ERR_EMAIL_INVALID' }));

export const contact = z.object({
  phone,
  email: email.nullable().optional(),
});

/** Consent under Decree 13/2023 / Law 91/2025: an explicit act, per purpose, with the text version shown. */
export const consent = z.object({
  given: z.literal(true, { error: 'DK_ERR_CONSENT_REQUIRED' }),
  textVersion: z.string().regex(/^[a-z0-9.-]{1,32}$/),
  purposes: z.array(z.enum(['registration', 'provider-transfer', 'eid-precheck'])).min(1),
  at: z.iso.datetime({ offset: true }),
});

export type Contact = z.infer<typeof contact>;
export type Consent = z.infer<typeof consent>;
