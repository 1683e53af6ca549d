import { describe, expect, it } from 'vitest';
import { compressPoint, decompressPoint } from './p256-point.ts';

describe('P-256 point compression', () => {
  it('decompresses what it compressed, for keys WebCrypto made', async () => {
    for (let i = 0; i < 8; i++) {
      const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
      const compressed = compressPoint(raw);
      expect(compressed).toHaveLength(33);
      expect(decompressPoint(compressed)).toEqual(raw);
    }
  });

  it('finds no point for an x off the curve, nor for a wrong prefix or length', () => {
    // x = 1 is not on P-256 (1 − 3 + b is not a square modulo p).
    expect(decompressPoint(new Uint8Array([2, ...new Uint8Array(31), 1]))).toBeNull();
    expect(decompressPoint(new Uint8Array([4, ...new Uint8Array(32).fill(1)]))).toBeNull();
    expect(decompressPoint(new Uint8Array(32))).toBeNull();
    expect(decompressPoint(new Uint8Array([2, ...new Uint8Array(32).fill(0xff)]))).toBeNull();
  });
});
