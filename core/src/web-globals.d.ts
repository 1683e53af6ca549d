/**
 * The few Web-standard globals core may use: present in every browser and in Node ≥ 20 without
 * an import, so using them keeps core free of `node:*` and the DOM library. Anything more is I/O
 * and belongs to an app.
 */
declare global {
  var crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean });
    decode(input?: Uint8Array): string;
  }
  function atob(data: string): string;
  function btoa(data: string): string;
}
export {};
