import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';

/**
 * A CBC cipher context kept open for a whole secure-messaging session. Creating an OpenSSL
 * context costs far more than the few blocks an APDU holds (algorithm fetch, key schedule, a
 * native object), and 3DES SM needed seven of them per command. A kept context carries on its
 * CBC chain from the last call, so each call first steers the chain onto the IV it is given:
 * encrypting, the first input block is XORed with (the context's last ciphertext block ⊕ IV);
 * decrypting, the first output block is. The results are exactly CBC under that IV.
 * Padding is off: `update` returns every block at once and nothing is held back.
 */
export class KeptCbc {
  readonly #context: Cipher | Decipher;
  readonly #decrypt: boolean;
  readonly #block: number;
  /** The context's CBC state: the last ciphertext block it produced or consumed (first: zero IV). */
  #chain: Uint8Array;

  constructor(algorithm: string, key: Uint8Array, blockSize: 8 | 16, direction: 'encrypt' | 'decrypt') {
    this.#block = blockSize;
    this.#chain = new Uint8Array(blockSize);
    this.#decrypt = direction === 'decrypt';
    this.#context = this.#decrypt ? createDecipheriv(algorithm, key, this.#chain) : createCipheriv(algorithm, key, this.#chain);
    this.#context.setAutoPadding(false);
  }

  /** CBC of `data` (a whole number of blocks) under `iv`. */
  run(data: Uint8Array, iv: Uint8Array): Uint8Array {
    const block = this.#block;
    if (data.length === 0 || data.length % block !== 0 || iv.length !== block)
      throw new RangeError('CBC input must be whole blocks and the IV one block');
    if (this.#decrypt) {
      const out = new Uint8Array(this.#context.update(data));
      for (let i = 0; i < block; i++) out[i] = (out[i] ?? 0) ^ (this.#chain[i] ?? 0) ^ (iv[i] ?? 0);
      this.#chain = data.slice(data.length - block);
      return out;
    }
    const input = data.slice();
    for (let i = 0; i < block; i++) input[i] = (input[i] ?? 0) ^ (this.#chain[i] ?? 0) ^ (iv[i] ?? 0);
    const out = new Uint8Array(this.#context.update(input));
    this.#chain = out.slice(out.length - block);
    return out;
  }
}

/** An ECB context kept open: one block cipher call per `update`, no chaining state at all. */
export function keptEcb(algorithm: string, key: Uint8Array): (block: Uint8Array) => Uint8Array {
  const context = createCipheriv(algorithm, key, null);
  context.setAutoPadding(false);
  return (block) => new Uint8Array(context.update(block));
}
