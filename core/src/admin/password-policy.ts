import type { ErrorCode } from '../errors/registry.ts';
import { commonPasswordRoots, commonRuns } from './common-passwords.ts';

/**
 * The rules a staff password must meet, checked by the server (and by the counter-app as the
 * person types, with the same function): long enough, not common, not the user name. Length
 * is what makes a password hard to guess; the common list stops the long passwords people
 * reach for first ("Password2026!", "matkhau123456", "123456789012").
 */
export const PASSWORD_MIN_LENGTH = 12;

export function passwordProblem(password: string, account: { username: string }): ErrorCode | null {
  const text = password.normalize('NFC');
  if ([...text].length < PASSWORD_MIN_LENGTH) return 'DK_ERR_PASSWORD_TOO_SHORT';
  const folded = fold(text);
  const username = fold(account.username);
  if (username.length >= 3 && (folded.includes(username) || folded.includes(username.replace(/[._-]/g, '')))) {
    return 'DK_ERR_PASSWORD_LIKE_USERNAME';
  }
  return isCommon(folded) ? 'DK_ERR_PASSWORD_COMMON' : null;
}

/** Lowercase, diacritics removed, đ → d: "MậtKhẩu" and "matkhau" are the same guess. */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();

function isCommon(folded: string): boolean {
  const compact = folded.replace(/[\s._-]/g, '');
  // A short unit repeated ("abcabcabcabc", "111111111111").
  if (/^(.{1,4})\1+$/.test(compact)) return true;
  // A run of the keyboard, the alphabet or the digits ("123456789012", "qwertyuiopas").
  if (commonRuns.some((run) => run.includes(compact))) return true;
  // A common root with only digits and symbols around it ("Password2026!", "@matkhau123456").
  const letters = compact.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (commonPasswordRoots.has(letters)) return true;
  // The same root written twice, or leetspeak of one ("p4ssw0rd").
  const unleet = letters.replace(/[@4]/g, 'a').replace(/3/g, 'e').replace(/[1!]/g, 'i').replace(/0/g, 'o').replace(/[5$]/g, 's');
  return commonPasswordRoots.has(unleet) || (/^(.+)\1$/.test(letters) && commonPasswordRoots.has(letters.slice(0, letters.length / 2)));
}
