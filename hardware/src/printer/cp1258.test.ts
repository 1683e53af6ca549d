import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { cp1258Char, encodeCp1258 } from './cp1258.ts';
import { VIETNAMESE_LETTERS } from './vietnamese-letters.ts';

const decoder = new TextDecoder('windows-1258');
const decodeBytes = (bytes: number[]) => bytes.map(cp1258Char).join('').normalize('NFC');

describe('cp1258 table', () => {
  it('agrees with TextDecoder("windows-1258") on every byte 0x20–0xFF it defines', () => {
    const undefinedBytes: number[] = [];
    for (let byte = 0x20; byte <= 0xff; byte++) {
      if (byte === 0x7f) continue;
      const ours = cp1258Char(byte);
      if (ours === '\uFFFD') undefinedBytes.push(byte);
      else expect(ours, `byte 0x${byte.toString(16)}`).toBe(decoder.decode(Uint8Array.of(byte)));
    }
    // Microsoft leaves these undefined; WHATWG maps them to C1 controls.
    expect(undefinedBytes).toEqual([0x81, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9d, 0x9e]);
    for (const byte of undefinedBytes) expect(decoder.decode(Uint8Array.of(byte))).toBe(String.fromCharCode(byte));
  });

  it('encodes every defined printable character back to its own byte', () => {
    for (let byte = 0x20; byte <= 0xff; byte++) {
      const char = cp1258Char(byte);
      if (byte === 0x7f || char === '\uFFFD' || /\p{M}/u.test(char)) continue;
      expect(encodeCp1258(char), char).toEqual([byte]);
    }
  });

  it('has all 134 precomposed Vietnamese letters (vowels with tones, Đ/đ), each round-tripping', () => {
    expect(new Set(VIETNAMESE_LETTERS).size).toBe(134);
    expect(VIETNAMESE_LETTERS.every((c) => [...c].length === 1 && c.codePointAt(0)! > 0x7f)).toBe(true);
    for (const letter of VIETNAMESE_LETTERS) {
      const bytes = encodeCp1258(letter);
      expect(decodeBytes(bytes), letter).toBe(letter);
      expect(decoder.decode(Uint8Array.from(bytes)).normalize('NFC'), letter).toBe(letter);
    }
  });

  it.each([
    ['ữ', [0xfd, 0xde]],
    ['Ệ', [0xca, 0xf2]],
    ['ấ', [0xe2, 0xec]],
    ['á', [0xe1]],
    ['đ', [0xf0]],
    ['ỳ', [0x79, 0xcc]],
    ['–', [0x96]],
    ['₫', [0xfe]],
  ])('%s → %j', (text, bytes) => {
    expect(encodeCp1258(text)).toEqual(bytes);
  });

  it('accepts decomposed input (NFD from a macOS keyboard) as well as NFC', () => {
    const text = 'Nguyễn Văn Đức – Chữ ký số';
    expect(encodeCp1258(text.normalize('NFD'))).toEqual(encodeCp1258(text));
  });

  it.each([['中'], ['😀'], ['\u001b'], ['\n'], ['\u007f'], ['\u0085'], ['Ω']])('rejects %j with DK_ERR_PRINTER_UNENCODABLE', (text) => {
    expect(() => encodeCp1258(`ab${text}`)).toThrow(expect.objectContaining({ code: 'DK_ERR_PRINTER_UNENCODABLE' }));
  });

  it('property: random Vietnamese text round-trips through CP1258', () => {
    const char = fc.constantFrom(
      ...VIETNAMESE_LETTERS,
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;–-/()'.split(''),
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 64 }), (chars) => {
        const text = chars.join('');
        expect(decodeBytes(encodeCp1258(text))).toBe(text.normalize('NFC'));
      }),
    );
  });

  it('property: any string either round-trips or throws DK_ERR_PRINTER_UNENCODABLE', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 24 }), (text) => {
        let bytes: number[];
        try {
          bytes = encodeCp1258(text);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
          expect((error as DangkyError).code).toBe('DK_ERR_PRINTER_UNENCODABLE');
          return;
        }
        expect(decodeBytes(bytes)).toBe(text.normalize('NFC'));
      }),
    );
  });
});
