/**
 * Short-Weierstrass curve arithmetic over BigInt, for PACE Generic Mapping: the mapped generator
 * G' = s·G + H is not a named curve's generator, and node:crypto only multiplies the standard
 * one. Jacobian coordinates for multiplication; not constant-time — the scalars are ephemeral, used once per read.
 */

export interface Curve {
  name: string;
  p: bigint;
  a: bigint;
  b: bigint;
  g: Point;
  n: bigint;
  /** Field size in bytes (coordinates are encoded at this length). */
  size: number;
}

export type Point = { x: bigint; y: bigint } | null; // null = point at infinity

const h = (s: string) => BigInt(`0x${s}`);

/** RFC 5639 §3.4 */
export const brainpoolP256r1: Curve = {
  name: 'brainpoolP256r1',
  p: h('A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377'),
  a: h('7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9'),
  b: h('26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6'),
  g: {
    x: h('8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262'),
    y: h('547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997'),
  },
  n: h('A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7'),
  size: 32,
};

/** NIST P-256 (FIPS 186-4 D.1.2.3) */
export const p256: Curve = {
  name: 'P-256',
  p: h('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF'),
  a: h('FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC'),
  b: h('5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B'),
  g: {
    x: h('6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296'),
    y: h('4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5'),
  },
  n: h('FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551'),
  size: 32,
};

/** Curves by PACE standardised parameter id (ICAO 9303-11 Table 4); only those we carry. */
export const CURVES_BY_PARAMETER_ID: Readonly<Record<number, Curve>> = { 12: p256, 13: brainpoolP256r1 };

const mod = (a: bigint, m: bigint) => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

function inverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return mod(oldS, m);
}

export function add(curve: Curve, P: Point, Q: Point): Point {
  if (!P) return Q;
  if (!Q) return P;
  const { p, a } = curve;
  if (P.x === Q.x && mod(P.y + Q.y, p) === 0n) return null;
  const lambda =
    P.x === Q.x && P.y === Q.y ? mod((3n * P.x * P.x + a) * inverse(2n * P.y, p), p) : mod((Q.y - P.y) * inverse(Q.x - P.x, p), p);
  const x = mod(lambda * lambda - P.x - Q.x, p);
  return { x, y: mod(lambda * (P.x - x) - P.y, p) };
}

type Jacobian = { X: bigint; Y: bigint; Z: bigint };

function jDouble(curve: Curve, P: Jacobian): Jacobian {
  const { p, a } = curve;
  if (P.Z === 0n || P.Y === 0n) return { X: 1n, Y: 1n, Z: 0n };
  const YY = mod(P.Y * P.Y, p);
  const S = mod(4n * P.X * YY, p);
  const ZZ = mod(P.Z * P.Z, p);
  const M = mod(3n * P.X * P.X + a * ZZ * ZZ, p);
  const X = mod(M * M - 2n * S, p);
  return { X, Y: mod(M * (S - X) - 8n * YY * YY, p), Z: mod(2n * P.Y * P.Z, p) };
}

function jAddAffine(curve: Curve, P: Jacobian, Q: { x: bigint; y: bigint }): Jacobian {
  const { p } = curve;
  if (P.Z === 0n) return { X: Q.x, Y: Q.y, Z: 1n };
  const ZZ = mod(P.Z * P.Z, p);
  const U2 = mod(Q.x * ZZ, p);
  const S2 = mod(Q.y * ZZ * P.Z, p);
  const H = mod(U2 - P.X, p);
  const r = mod(S2 - P.Y, p);
  if (H === 0n) return r === 0n ? jDouble(curve, P) : { X: 1n, Y: 1n, Z: 0n };
  const HH = mod(H * H, p);
  const HHH = mod(H * HH, p);
  const V = mod(P.X * HH, p);
  const X = mod(r * r - HHH - 2n * V, p);
  return { X, Y: mod(r * (V - X) - P.Y * HHH, p), Z: mod(P.Z * H, p) };
}

/** k·P, double-and-add in Jacobian coordinates (one inversion at the end). */
export function multiply(curve: Curve, k: bigint, P: Point): Point {
  if (!P) return null;
  const e = mod(k, curve.n);
  let R: Jacobian = { X: 1n, Y: 1n, Z: 0n };
  for (let bit = BigInt(e.toString(2).length - 1); bit >= 0n; bit--) {
    R = jDouble(curve, R);
    if ((e >> bit) & 1n) R = jAddAffine(curve, R, P);
  }
  if (R.Z === 0n) return null;
  const zInv = inverse(R.Z, curve.p);
  const zInv2 = mod(zInv * zInv, curve.p);
  return { x: mod(R.X * zInv2, curve.p), y: mod(R.Y * zInv2 * zInv, curve.p) };
}

export const isOnCurve = (curve: Curve, P: Point): boolean =>
  P !== null && P.x < curve.p && P.y < curve.p && mod(P.y * P.y - (P.x * P.x * P.x + curve.a * P.x + curve.b), curve.p) === 0n;

const toBytes = (v: bigint, size: number): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(size * 2, '0'), 'hex'));
export const bigintFromBytes = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`));

/** Uncompressed SEC1 encoding 04 ‖ X ‖ Y. */
export function encodePoint(curve: Curve, P: Point): Uint8Array {
  if (!P) throw new RangeError('cannot encode the point at infinity');
  return Uint8Array.from([0x04, ...toBytes(P.x, curve.size), ...toBytes(P.y, curve.size)]);
}

/** Decodes an uncompressed point; undefined when it is malformed or not on the curve. */
export function decodePoint(curve: Curve, bytes: Uint8Array): Point | undefined {
  if (bytes.length !== 1 + 2 * curve.size || bytes[0] !== 0x04) return undefined;
  const P = { x: bigintFromBytes(bytes.subarray(1, 1 + curve.size)), y: bigintFromBytes(bytes.subarray(1 + curve.size)) };
  return isOnCurve(curve, P) ? P : undefined;
}

export const coordinateBytes = (curve: Curve, v: bigint): Uint8Array => toBytes(v, curve.size);
