import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * AES primitives for PACE secure messaging (ICAO 9303-11 §9.8.6.2): AES-CBC without padding,
 * and AES-CMAC (NIST SP 800-38B / RFC 4493), which OpenSSL offers only through its MAC API,
 * so it is written out here over AES-ECB.
 */

const aesName = (key: Uint8Array, mode: 'cbc' | 'ecb'): string => {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError('AES key must be 16, 24 or 32 bytes');
  return `aes-${key.length * 8}-${mode}`;
};

const run = (cipher: ReturnType<typeof createCipheriv> | ReturnType<typeof createDecipheriv>, data: Uint8Array): Uint8Array => {
  cipher.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
};

export const aesEncryptCbc = (key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array =>
  run(createCipheriv(aesName(key, 'cbc'), key, iv), data);
export const aesDecryptCbc = (key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array =>
  run(createDecipheriv(aesName(key, 'cbc'), key, iv), data);
export const aesEncryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array =>
  run(createCipheriv(aesName(key, 'ecb'), key, null), block);

const shiftLeft = (block: Uint8Array): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = (((block[i] ?? 0) << 1) | ((block[i + 1] ?? 0) >> 7)) & 0xff;
  if ((block[0] ?? 0) & 0x80) out[15] = (out[15] ?? 0) ^ 0x87;
  return out;
};

/** AES-CMAC, full 16 bytes (callers truncate: SM uses the first 8). */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  const k1 = shiftLeft(aesEncryptBlock(key, new Uint8Array(16)));
  const k2 = shiftLeft(k1);
  const blocks = Math.max(1, Math.ceil(message.length / 16));
  const complete = message.length > 0 && message.length % 16 === 0;
  const last = new Uint8Array(16);
  last.set(message.subarray((blocks - 1) * 16));
  if (!complete) last[message.length - (blocks - 1) * 16] = 0x80;
  const subkey = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] = (last[i] ?? 0) ^ (subkey[i] ?? 0);
  const input = new Uint8Array(blocks * 16);
  input.set(message.subarray(0, (blocks - 1) * 16));
  input.set(last, (blocks - 1) * 16);
  const chain = aesEncryptCbc(key, input, new Uint8Array(16));
  return chain.slice(chain.length - 16);
}
