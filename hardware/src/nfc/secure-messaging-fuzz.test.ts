import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { hexToBytes } from '@dangky/core/icao';
import { tdesCipher, unwrapResponse } from './secure-messaging.ts';

/** Whatever a chip (or a man in the middle) sends back, unwrap ends in our typed error or a MAC-checked result. */
describe('unwrapResponse fuzz', () => {
  const session = () => ({
    cipher: tdesCipher(hexToBytes('979EC13B1CBFE9DCD01AB0FED307EAE5'), hexToBytes('F1CB1F1FB5ADF208806B89DC579DC1F8')),
    ssc: hexToBytes('887022120C06C229'),
  }); // unwrap increments to …22A (9303-11 D.4)
  const valid = hexToBytes('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000');

  const onlyTyped = (bytes: Uint8Array) => {
    try {
      unwrapResponse(session(), bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(DangkyError);
      expect((error as DangkyError).code).toMatch(/^DK_ERR_CHIP_/);
      return 'error';
    }
    return 'ok';
  };

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => void onlyTyped(bytes)),
      { numRuns: 1500 },
    );
  });

  it('any change to a valid protected response is refused', () => {
    expect(onlyTyped(valid)).toBe('ok');
    fc.assert(
      fc.property(fc.nat(valid.length - 3), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const bytes = valid.slice();
        bytes[at] = (bytes[at] ?? 0) ^ flip;
        expect(onlyTyped(bytes)).toBe('error');
      }),
      { numRuns: 500 },
    );
  });
});
