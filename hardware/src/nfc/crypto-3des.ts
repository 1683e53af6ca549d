import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * The 3DES primitives of BAC and 3DES secure messaging (ICAO 9303-11 §9.7, §9.8): two-key
 * 3DES-CBC with a zero IV and no padding, the ISO 9797-1 MAC algorithm 3 ("retail MAC") and
 * padding method 2, and the SHA-1 key derivation with DES parity. OpenSSL 3 no longer ships
 * single DES in its default provider, so single-DES steps run as 3DES with K1 = K2.
 */

const ZERO_IV = new Uint8Array(8);

const run = (cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, data: Uint8Array): Uint8Array => {
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
};

export const tdesEncrypt = (key16: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array =>
  run(createCipheriv('des-ede-cbc', key16, iv), data);

export const tdesDecrypt = (key16: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array =>
  run(createDecipheriv('des-ede-cbc', key16, iv), data);

const twice = (key8: Uint8Array): Uint8Array => {
  const out = new Uint8Array(16);
  out.set(key8, 0);
  out.set(key8, 8);
  return out;
};

/** ISO 9797-1 padding method 2: append 80, then 00 up to a multiple of `blockSize`. */
export function padIso9797(data: Uint8Array, blockSize = 8): Uint8Array {
  const out = new Uint8Array((Math.floor(data.length / blockSize) + 1) * blockSize);
  out.set(data, 0);
  out[data.length] = 0x80;
  return out;
}

/** Removes padding method 2; `undefined` when the padding is not there (a decryption failure). */
export function unpadIso9797(data: Uint8Array): Uint8Array | undefined {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  return i >= 0 && data[i] === 0x80 ? data.slice(0, i) : undefined;
}

/**
 * ISO 9797-1 MAC algorithm 3 with DES: single-DES CBC over every block with Ka, then the last
 * block decrypted with Kb and encrypted with Ka. `data` must already be padded.
 */
export function retailMac(key16: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length % 8 !== 0) throw new RangeError('retail MAC input must be padded to 8 bytes');
  const ka = twice(key16.subarray(0, 8));
  const kb = twice(key16.subarray(8, 16));
  const chain = tdesEncrypt(ka, data);
  const last = chain.subarray(chain.length - 8);
  const decrypted = run(createDecipheriv('des-ede-ecb', kb, null), last);
  return run(createCipheriv('des-ede-ecb', ka, null), decrypted);
}

/** Sets odd parity on every key byte (DES keys), as ICAO 9303-11 Appendix D.1 shows. */
export function adjustParity(key: Uint8Array): Uint8Array {
  return key.map((b) => {
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (b & bit & 0xfe) ones++;
    return (b & 0xfe) | (ones % 2 === 0 ? 1 : 0);
  });
}

/** KDF of ICAO 9303-11 §9.7.1 for 3DES: SHA-1(seed ‖ counter), first 16 bytes, parity adjusted. */
export function derive3desKey(seed: Uint8Array, counter: 1 | 2 | 3): Uint8Array {
  const digest = createHash('sha1')
    .update(seed)
    .update(Uint8Array.of(0, 0, 0, counter))
    .digest();
  return adjustParity(new Uint8Array(digest.subarray(0, 16)));
}

/** Kseed of BAC: the first 16 bytes of SHA-1 of the MRZ information string. */
export const bacKeySeed = (mrzInfo: string): Uint8Array =>
  new Uint8Array(createHash('sha1').update(mrzInfo, 'ascii').digest().subarray(0, 16));
