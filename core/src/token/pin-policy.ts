import type { ErrorCode } from '../errors/registry.ts';

/**
 * The citizen's token PIN: 6 to 8 digits, not one digit repeated, not a run of
 * consecutive digits up or down (123456, 654321, 890123 with wrap-around). Checked on the
 * citizen-facing keypad before the PIN ever reaches the token; the token's own limits
 * (`CKR_PIN_LEN_RANGE`) still apply after.
 */

export const PIN_MIN_LENGTH = 6;
export const PIN_MAX_LENGTH = 8;

export type PinProblem = Extract<ErrorCode, 'DK_ERR_TOKEN_PIN_FORMAT' | 'DK_ERR_TOKEN_PIN_REPEATED' | 'DK_ERR_TOKEN_PIN_SEQUENCE'>;

/** Each digit is the previous one plus `step` (mod 10). */
const isRun = (digits: number[], step: 1 | -1): boolean => digits.every((d, i) => i === 0 || d === (digits[i - 1]! + step + 10) % 10);

/** The reason the PIN is refused, or `null` when it may be set. */
export function pinProblem(pin: string): PinProblem | null {
  if (!/^\d+$/.test(pin) || pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH) return 'DK_ERR_TOKEN_PIN_FORMAT';
  const digits = [...pin].map(Number);
  if (digits.every((d) => d === digits[0])) return 'DK_ERR_TOKEN_PIN_REPEATED';
  if (isRun(digits, 1) || isRun(digits, -1)) return 'DK_ERR_TOKEN_PIN_SEQUENCE';
  return null;
}

/** The PIN typed twice: the policy first, then the match (so a weak PIN is named, not "mismatch"). */
export function pinEntryProblem(pin: string, confirmation: string): PinProblem | 'DK_ERR_TOKEN_PIN_MISMATCH' | null {
  return pinProblem(pin) ?? (pin === confirmation ? null : 'DK_ERR_TOKEN_PIN_MISMATCH');
}
