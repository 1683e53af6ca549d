/**
 * P-256 public points in their 33-byte compressed form (SEC 1 §2.3.3) — 32 bytes fewer on a
 * printed ticket than the 65-byte uncompressed form WebCrypto exports. WebCrypto does not promise
 * to import compressed points, so the ticket is decompressed here: y² = x³ − 3x + b mod p, and
 * since p ≡ 3 (mod 4) the square root is a power, y = (y²)^((p+1)/4).
 */
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

const toBig = (bytes: Uint8Array<ArrayBuffer>): bigint => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
const toBytes32 = (n: bigint): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
};
const powMod = (base: bigint, exp: bigint): bigint => {
  let result = 1n;
  for (base %= P; exp > 0n; exp >>= 1n, base = (base * base) % P) if (exp & 1n) result = (result * base) % P;
  return result;
};

/** 65-byte uncompressed (0x04 ‖ x ‖ y) → 33-byte compressed (0x02|0x03 ‖ x). */
export function compressPoint(raw: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (raw.length !== 65 || raw[0] !== 4) throw new RangeError('compressPoint: not an uncompressed P-256 point');
  const out = new Uint8Array(33);
  out[0] = 2 + (raw[64]! & 1);
  out.set(raw.subarray(1, 33), 1);
  return out;
}

/** 33-byte compressed → 65-byte uncompressed, or `null` when no point of the curve has that x. */
export function decompressPoint(compressed: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> | null {
  if (compressed.length !== 33 || (compressed[0] !== 2 && compressed[0] !== 3)) return null;
  const x = toBig(compressed.subarray(1));
  if (x >= P) return null;
  const y2 = (((x * x) % P) * x - 3n * x + B + 3n * P) % P;
  let y = powMod(y2, (P + 1n) / 4n);
  if ((y * y) % P !== y2) return null;
  if (Number(y & 1n) !== (compressed[0] & 1)) y = P - y;
  const out = new Uint8Array(65);
  out[0] = 4;
  out.set(compressed.subarray(1), 1);
  out.set(toBytes32(y), 33);
  return out;
}
