import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base45Decode, base45Encode } from './base45.ts';

const text = (s: string) => new Uint8Array(new TextEncoder().encode(s));

describe('Base45 (RFC 9285)', () => {
  it('encodes the RFC examples', () => {
    expect(base45Encode(text('AB'))).toBe('BB8');
    expect(base45Encode(text('Hello!!'))).toBe('%69 VD92EX0');
    expect(base45Encode(text('base-45'))).toBe('UJCLQE7W581');
    expect(base45Decode('QED8WEX0')).toEqual(text('ietf!'));
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect([...base45Decode(base45Encode(bytes))!]).toEqual([...bytes]);
      }),
    );
  });

  it('refuses texts that are not Base45: a stray character, a dangling character, a value over 16 bits', () => {
    expect(base45Decode('GGW')).toBeNull(); // 65535 + 1 = 'GGW' → 65,536
    expect(base45Decode('BB8B')).toBeNull();
    expect(base45Decode('bb8')).toBeNull();
    expect(base45Decode(':::')).toBeNull();
  });
});
