import { z } from 'zod';

/**
 * Small schemas reused everywhere. Error messages are registry codes, so every boundary
 * (kiosk field, HTTP body, stored row) can translate the same failure the same way.
 */

/** ISO calendar date `YYYY-MM-DD` that exists (rejects 2023-02-29). */
export const isoDate = z.string().refine(isRealIsoDate, { error: 'DK_ERR_DATE_INVALID' });

export function isRealIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An instant with an explicit offset, as devices send it. */
export const instant = z.iso.datetime({ offset: true });

/** RFC 9562 UUID version 7 (time-ordered, made on the client). */
export const uuidV7 = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, {
  error: 'DK_ERR_VALIDATION',
});

/** Device ids are chosen at enrolment: lowercase slug such as `kiosk-79-ward-01`. */
export const deviceId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/);
export const siteId = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/);
export const staffId = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/);
export const providerId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,31}$/);

/**
 * A NUL, or half of a UTF-16 surrogate pair with no other half: PostgreSQL stores neither (text
 * and jsonb refuse NUL; a lone surrogate has no UTF-8 form), and a paste or a faulty scanner can
 * put either into a field. Every other character PostgreSQL stores.
 */
// eslint-disable-next-line no-control-regex -- finding the NUL is this pattern's whole point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether the database can store `text` as it is (see UNSTORABLE). */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/**
 * Where a parsed value holds a string (or an object key) the database cannot store, as paths
 * below `at`: the check every event runs over its whole payload, so no field — today's or one
 * added later — can carry such a character to the server.
 */
export function unstorableTextPaths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value === 'string') return isStorableText(value) ? [] : [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableTextPaths(v, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (isStorableText(k) ? unstorableTextPaths(v, [...at, k]) : [[...at, k]]));
}

/** Any string the database can store; the field says so when it cannot (DK_ERR_TEXT_UNSTORABLE). */
export const storableText = z.string().refine(isStorableText, { error: 'DK_ERR_TEXT_UNSTORABLE' });

/** Text that must be NFC (scanners and keyboards may send NFD). */
export const nfcText = (max: number) =>
  storableText
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(max));
