/**
 * The few Web-standard globals core may use: present in every browser and in Node ≥ 20 without
 * an import, so using them keeps core free of `node:*` and the DOM library. Anything more is I/O
 * and belongs to an app.
 */
declare global {
  var crypto: { getRandomValues<T extends Uint8Array>(array: T): T; subtle: CoreSubtleCrypto };
  /** The part of WebCrypto core uses (the ticket hand-off seal): ECDH P-256, HKDF, AES-GCM, SHA-256. */
  interface CoreCryptoKey {
    readonly type: string;
    readonly extractable: boolean;
  }
  interface CoreSubtleCrypto {
    generateKey(
      algorithm: { name: 'ECDH'; namedCurve: 'P-256' },
      extractable: boolean,
      usages: string[],
    ): Promise<{ publicKey: CoreCryptoKey; privateKey: CoreCryptoKey }>;
    importKey(
      format: 'raw' | 'pkcs8',
      keyData: Uint8Array,
      algorithm: string | { name: string; namedCurve?: string },
      extractable: boolean,
      usages: string[],
    ): Promise<CoreCryptoKey>;
    exportKey(format: 'raw' | 'pkcs8', key: CoreCryptoKey): Promise<ArrayBuffer>;
    deriveBits(
      algorithm: { name: string; public?: CoreCryptoKey; hash?: string; salt?: Uint8Array; info?: Uint8Array },
      key: CoreCryptoKey,
      length: number,
    ): Promise<ArrayBuffer>;
    encrypt(
      algorithm: { name: 'AES-GCM'; iv: Uint8Array; additionalData?: Uint8Array },
      key: CoreCryptoKey,
      data: Uint8Array,
    ): Promise<ArrayBuffer>;
    decrypt(
      algorithm: { name: 'AES-GCM'; iv: Uint8Array; additionalData?: Uint8Array },
      key: CoreCryptoKey,
      data: Uint8Array,
    ): Promise<ArrayBuffer>;
    digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  }
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean });
    decode(input?: Uint8Array): string;
  }
  /** Compression streams (the hand-off ticket deflates its registration before sealing it). */
  class CompressionStream {
    constructor(format: 'deflate-raw');
    readonly readable: CoreReadableStream;
    readonly writable: CoreWritableStream;
  }
  class DecompressionStream {
    constructor(format: 'deflate-raw');
    readonly readable: CoreReadableStream;
    readonly writable: CoreWritableStream;
  }
  interface CoreReadableStream {
    getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> };
  }
  interface CoreWritableStream {
    getWriter(): { write(chunk: Uint8Array): Promise<void>; close(): Promise<void> };
  }
  function atob(data: string): string;
  function btoa(data: string): string;
}
export {};
