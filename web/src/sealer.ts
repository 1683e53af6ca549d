/**
 * Personal data at rest (ARCHITECTURE §7): rows that hold a citizen's identity or contact are
 * sealed with AES-GCM under a key that never leaves the browser's crypto store — it is
 * generated non-extractable and kept in IndexedDB as a `CryptoKey`, so a copy of the database
 * files alone does not reveal the rows. Each seal has a fresh 96-bit IV.
 */
export interface Sealed {
  v: 1;
  iv: Uint8Array;
  data: ArrayBuffer;
}

export interface Sealer {
  seal(value: unknown): Promise<Sealed>;
  open(sealed: Sealed): Promise<unknown>;
}

export const newSealingKey = (): Promise<CryptoKey> =>
  crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

export function sealerFor(key: CryptoKey): Sealer {
  return {
    async seal(value) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
      return { v: 1, iv, data };
    },
    async open(sealed) {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> }, key, sealed.data);
      return JSON.parse(new TextDecoder().decode(plain)) as unknown;
    },
  };
}
