/**
 * The one-time enrolment code an administrator reads out or shows as a QR: 10 characters of
 * Crockford's base-32 (no I, L, O, U — nothing to misread), shown as `XXXX-XXXX-XX`. 50 bits:
 * with a 15-minute life and one use, guessing one is hopeless. Typing is forgiving: case,
 * spaces and dashes do not matter, and I/L read as 1, O as 0.
 */
export const ENROLMENT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ENROLMENT_CODE_LENGTH = 10;
export const ENROLMENT_CODE_TTL_MS = 15 * 60_000;

/** The code as stored and compared (10 characters), or null when it cannot be one. */
export function normaliseEnrolmentCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (s.length !== ENROLMENT_CODE_LENGTH) return null;
  for (const c of s) if (!ENROLMENT_CODE_ALPHABET.includes(c)) return null;
  return s;
}

/** `XXXX-XXXX-XX` for people. */
export const formatEnrolmentCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/** A code from random bytes (the caller brings them: core does no I/O). */
export function enrolmentCodeFrom(random: Uint8Array): string {
  if (random.length < ENROLMENT_CODE_LENGTH) throw new RangeError('enrolmentCodeFrom: need 10 random bytes');
  let out = '';
  for (let i = 0; i < ENROLMENT_CODE_LENGTH; i++) out += ENROLMENT_CODE_ALPHABET[random[i]! & 31];
  return out;
}
