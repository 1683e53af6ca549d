import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pinEntryProblem, pinProblem } from './pin-policy.ts';

describe('pinProblem', () => {
  it.each([
    ['482915', null],
    ['48291537', null],
    ['1234567', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['123456', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['654321', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['890123', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['210987', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['123457', null],
    ['000000', 'DK_ERR_TOKEN_PIN_REPEATED'],
    ['99999999', 'DK_ERR_TOKEN_PIN_REPEATED'],
    ['12345', 'DK_ERR_TOKEN_PIN_FORMAT'],
    ['123456789', 'DK_ERR_TOKEN_PIN_FORMAT'],
    ['12a456', 'DK_ERR_TOKEN_PIN_FORMAT'],
    ['４８２９１５', 'DK_ERR_TOKEN_PIN_FORMAT'],
    ['', 'DK_ERR_TOKEN_PIN_FORMAT'],
    [' 482915', 'DK_ERR_TOKEN_PIN_FORMAT'],
  ])('%j → %s', (pin, code) => expect(pinProblem(pin)).toBe(code));

  it('accepts only 6–8 ASCII digits, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (pin) => {
        if (pinProblem(pin) === null) expect(pin).toMatch(/^\d{6,8}$/);
      }),
    );
  });
});

describe('pinEntryProblem', () => {
  it('names the weak PIN before the mismatch', () => expect(pinEntryProblem('111111', '222222')).toBe('DK_ERR_TOKEN_PIN_REPEATED'));
  it('refuses two different entries', () => expect(pinEntryProblem('482915', '482916')).toBe('DK_ERR_TOKEN_PIN_MISMATCH'));
  it('accepts two equal good entries', () => expect(pinEntryProblem('482915', '482915')).toBeNull());
});
