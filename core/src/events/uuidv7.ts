/**
 * RFC 9562 UUIDv7: 48-bit Unix milliseconds, then random bits. Ids are made on the device,
 * offline, and sort by creation time, which keeps the server's primary-key index append-mostly.
 * Randomness is injected so tests are deterministic; the default is Web Crypto, present in
 * browsers and in Node ≥ 19 as `globalThis.crypto` (not an import, so core stays pure).
 */
export function uuidv7(options: { now?: number; random?: (bytes: Uint8Array) => Uint8Array } = {}): string {
  const now = options.now ?? Date.now();
  const random = options.random ?? ((b: Uint8Array) => crypto.getRandomValues(b));
  const bytes = random(new Uint8Array(16));
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The creation time encoded in a UUIDv7. */
export const uuidv7Time = (id: string): number => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
