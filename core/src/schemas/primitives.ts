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

/** Text that must be NFC (scanners and keyboards may send NFD). */
export const nfcText = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(max));
