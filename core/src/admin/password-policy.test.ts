import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.ts';

const account = { username: 'clerk.benthanh' };

describe('passwordProblem', () => {
  it.each([
    ['short', 'Ngan-qua-1', 'DK_ERR_PASSWORD_TOO_SHORT'],
    ['a common root with digits', 'Password2026!', 'DK_ERR_PASSWORD_COMMON'],
    ['a Vietnamese root with diacritics and digits', 'MậtKhẩu@123456', 'DK_ERR_PASSWORD_COMMON'],
    ['a run of digits', '123456789012', 'DK_ERR_PASSWORD_COMMON'],
    ['a keyboard row', 'qwertyuiopas', 'DK_ERR_PASSWORD_COMMON'],
    ['a repeated unit', 'abcabcabcabc', 'DK_ERR_PASSWORD_COMMON'],
    ['leetspeak of a root', '!!p4ssw0rd!!', 'DK_ERR_PASSWORD_COMMON'],
    ['a root written twice', 'matkhaumatkhau', 'DK_ERR_PASSWORD_COMMON'],
    ['the user name inside', 'xx-Clerk.BenThanh-99', 'DK_ERR_PASSWORD_LIKE_USERNAME'],
    ['the user name without its dot', 'clerkbenthanh2026', 'DK_ERR_PASSWORD_LIKE_USERNAME'],
    ['a long passphrase', 'hoa sen nở giữa hồ', null],
    ['a long mixed password', 'Ben-Thanh-quay-so-7', null],
  ])('%s', (_, password, expected) => {
    expect(passwordProblem(password, account)).toBe(expected);
  });

  it('counts characters, not UTF-16 units or bytes', () => {
    expect(passwordProblem('đường-phố-xa', account)).toBeNull();
    expect(passwordProblem('đường-phố-x', account)).toBe('DK_ERR_PASSWORD_TOO_SHORT');
  });

  it('answers for any text without throwing, and never passes one shorter than the minimum', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (password) => {
        const problem = passwordProblem(password, account);
        if ([...password.normalize('NFC')].length < PASSWORD_MIN_LENGTH) expect(problem).toBe('DK_ERR_PASSWORD_TOO_SHORT');
      }),
    );
  });
});
