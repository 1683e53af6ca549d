import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ENROLMENT_CODE_ALPHABET, enrolmentCodeFrom, formatEnrolmentCode, normaliseEnrolmentCode } from './enrolment-code.ts';

describe('enrolment codes', () => {
  it('reads back what it shows, however it is typed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const code = enrolmentCodeFrom(bytes);
        expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
        const shown = formatEnrolmentCode(code);
        expect(normaliseEnrolmentCode(shown)).toBe(code);
        expect(normaliseEnrolmentCode(` ${shown.toLowerCase().replaceAll('-', ' ')} `)).toBe(code);
      }),
    );
  });

  it('reads the look-alikes I, L and O as 1, 1 and 0', () => {
    expect(normaliseEnrolmentCode('OIL0-1111-00')).toBe('0110111100');
  });

  it('refuses what cannot be a code, without throwing on any input', () => {
    for (const bad of ['', '12345', '1234-5678-901', 'UUUU-UUUU-UU', '😀😀😀😀-😀😀😀😀-😀😀'])
      expect(normaliseEnrolmentCode(bad)).toBeNull();
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (typed) => {
        const code = normaliseEnrolmentCode(typed);
        if (code !== null) expect([...code].every((c) => ENROLMENT_CODE_ALPHABET.includes(c))).toBe(true);
      }),
    );
  });
});
