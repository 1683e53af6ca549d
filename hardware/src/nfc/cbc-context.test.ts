import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesCmac, aesDecryptCbc, aesEncryptBlock, aesEncryptCbc } from './crypto-aes.ts';
import { retailMac, tdesDecrypt, tdesEncrypt } from './crypto-3des.ts';
import { aesCipher, tdesCipher } from './secure-messaging.ts';

/**
 * The session ciphers keep their OpenSSL contexts open across calls (cbc-context.ts); whatever
 * order of operations a session goes through, each result must equal the one-shot primitive's.
 */
const op = (blockSize: 8 | 16) =>
  fc.record({
    kind: fc.constantFrom('encrypt' as const, 'decrypt' as const, 'mac' as const),
    blocks: fc.integer({ min: 1, max: 20 }),
    seed: fc.uint8Array({ minLength: blockSize * 20, maxLength: blockSize * 20 }),
    ssc: fc.uint8Array({ minLength: blockSize, maxLength: blockSize }),
    cut: fc.nat(blockSize - 1),
  });

describe('session ciphers with kept contexts', () => {
  it('3DES: encrypt, decrypt and retail MAC in any order equal the one-shot primitives', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(op(8), { minLength: 1, maxLength: 12 }),
        (ksEnc, ksMac, ops) => {
          const cipher = tdesCipher(ksEnc, ksMac);
          for (const o of ops) {
            const data = o.seed.subarray(0, o.blocks * 8);
            if (o.kind === 'encrypt') expect(cipher.encrypt(data, o.ssc)).toEqual(tdesEncrypt(ksEnc, data));
            if (o.kind === 'decrypt') expect(cipher.decrypt(data, o.ssc)).toEqual(tdesDecrypt(ksEnc, data));
            if (o.kind === 'mac') expect(cipher.mac(data)).toEqual(retailMac(ksMac, data));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('AES: encrypt, decrypt (IV = E(SSC)) and CMAC of any length in any order equal the one-shot primitives', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.array(op(16), { minLength: 1, maxLength: 12 }),
        (ksEnc, ksMac, ops) => {
          const cipher = aesCipher(ksEnc, ksMac);
          for (const o of ops) {
            const data = o.seed.subarray(0, o.blocks * 16);
            const iv = aesEncryptBlock(ksEnc, o.ssc);
            if (o.kind === 'encrypt') expect(cipher.encrypt(data, o.ssc)).toEqual(aesEncryptCbc(ksEnc, data, iv));
            if (o.kind === 'decrypt') expect(cipher.decrypt(data, o.ssc)).toEqual(aesDecryptCbc(ksEnc, data, iv));
            // CMAC takes unpadded messages of any length (incl. a partial last block).
            if (o.kind === 'mac')
              expect(cipher.mac(data.subarray(0, data.length - o.cut))).toEqual(
                aesCmac(ksMac, data.subarray(0, data.length - o.cut)).slice(0, 8),
              );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
