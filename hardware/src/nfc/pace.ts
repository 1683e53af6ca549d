import { createHash } from 'node:crypto';
import { DangkyError } from '@dangky/core/errors';
import {
  assertStatusOk,
  bytesEqual,
  concatBytes,
  encodeApdu,
  encodeTlv,
  findTlv,
  parseResponse,
  parseTlv,
  type PaceInfo,
} from '@dangky/core/icao';
import type { Transceive } from './bac.ts';
import { aesCmac, aesDecryptCbc } from './crypto-aes.ts';
import { CURVES_BY_PARAMETER_ID, add, bigintFromBytes, coordinateBytes, decodePoint, encodePoint, multiply, type Curve } from './ec.ts';
import { aesCipher, type SmSession } from './secure-messaging.ts';

/**
 * PACE with ECDH Generic Mapping and AES (ICAO 9303-11 §4.4): MSE:Set AT, then four GENERAL
 * AUTHENTICATE steps — encrypted nonce, mapping (G' = s·G + SK_map·PK_map,IC), key agreement on
 * G', and authentication tokens (CMAC over the other side's public key). The password is the CAN
 * (Vietnamese cards: last 6 digits of the ID number, BRIEF §1.4) or the MRZ key. The session
 * that comes out uses AES secure messaging with SSC = 0.
 */

export type PacePassword = { kind: 'can'; can: string } | { kind: 'mrz'; mrzInfo: string };

export interface PaceOptions {
  transceive: Transceive;
  info: PaceInfo;
  password: PacePassword;
  /** Ephemeral private keys (1 ≤ k < n); injected so the ICAO worked example replays. */
  privateKey: (curve: Curve, step: 'mapping' | 'agreement') => bigint;
  /** Send the parameter id (tag 84) in MSE:Set AT. Default: when the PACEInfo names one. */
  sendParameterId?: boolean;
}

const KEY_LENGTH = { 'AES-128': 16, 'AES-192': 24, 'AES-256': 32 } as const;

/** KDF of ICAO 9303-11 §9.7.1 for AES: SHA-1 (128) or SHA-256 (192/256) of seed ‖ counter. */
export function paceKdf(seed: Uint8Array, counter: 1 | 2 | 3, keyLength: 16 | 24 | 32): Uint8Array {
  const digest = createHash(keyLength === 16 ? 'sha1' : 'sha256')
    .update(seed)
    .update(Uint8Array.of(0, 0, 0, counter))
    .digest();
  return new Uint8Array(digest.subarray(0, keyLength));
}

const passwordBytes = (password: PacePassword): Uint8Array =>
  password.kind === 'can'
    ? new TextEncoder().encode(password.can)
    : new Uint8Array(createHash('sha1').update(password.mrzInfo, 'ascii').digest());

const oidBytes = (oid: string): Uint8Array => {
  const arcs = oid.split('.').map(Number);
  const out: number[] = [40 * (arcs[0] ?? 0) + (arcs[1] ?? 0)];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(0x80 | (rest & 0x7f));
    out.push(...chunk);
  }
  return Uint8Array.from(out);
};

const denied = (reason: string) => new DangkyError('DK_ERR_CHIP_ACCESS_DENIED', { detail: { reason } });
const malformed = (reason: string) => new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { detail: { reason } });

export async function performPace(options: PaceOptions): Promise<SmSession> {
  const { info, transceive } = options;
  if (info.keyAgreement !== 'ECDH' || info.mapping !== 'GM' || info.cipher === '3DES') {
    throw new DangkyError('DK_ERR_CHIP_ACCESS_DENIED', { detail: { reason: 'unsupported PACE variant', protocol: info.protocol } });
  }
  const curve = info.parameterId === undefined ? undefined : CURVES_BY_PARAMETER_ID[info.parameterId];
  if (!curve)
    throw new DangkyError('DK_ERR_CHIP_ACCESS_DENIED', {
      detail: { reason: 'unsupported PACE domain parameters', parameterId: info.parameterId },
    });
  const keyLength = KEY_LENGTH[info.cipher];
  const oid = oidBytes(info.protocol);

  const send = async (cla: number, ins: number, p1: number, p2: number, data: Uint8Array, le?: number): Promise<Uint8Array> => {
    const response = parseResponse(await transceive(encodeApdu({ cla, ins, p1, p2, data, ...(le ? { le } : {}) })));
    if (ins === 0x86 && (response.sw === 0x6300 || response.sw >> 4 === 0x63c)) throw denied('general authenticate refused');
    assertStatusOk(response.sw);
    return response.data;
  };
  const dynamic = async (last: boolean, tag: number, value: Uint8Array, expect: number): Promise<Uint8Array> => {
    const data = encodeTlv(0x7c, tag === 0 ? new Uint8Array(0) : encodeTlv(tag, value));
    const answer = await send(last ? 0x00 : 0x10, 0x86, 0x00, 0x00, data, 256);
    let inner;
    try {
      inner = findTlv(parseTlv(answer, { maxDepth: 3 }).children, expect);
    } catch (cause) {
      throw new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { cause, detail: { reason: 'general authenticate answer' } });
    }
    if (!inner) throw malformed('general authenticate answer without its object');
    return inner.value;
  };

  const sendParameterId = options.sendParameterId ?? info.parameterId !== undefined;
  await send(
    0x00,
    0x22,
    0xc1,
    0xa4,
    concatBytes(
      encodeTlv(0x80, oid),
      encodeTlv(0x83, Uint8Array.of(options.password.kind === 'can' ? 0x02 : 0x01)),
      sendParameterId ? encodeTlv(0x84, Uint8Array.of(info.parameterId ?? 0)) : new Uint8Array(0),
    ),
  );

  const kPi = paceKdf(passwordBytes(options.password), 3, keyLength);
  const z = await dynamic(false, 0, new Uint8Array(0), 0x80);
  if (z.length % 16 !== 0 || z.length === 0) throw malformed('encrypted nonce length');
  const s = bigintFromBytes(aesDecryptCbc(kPi, z, new Uint8Array(16)));

  const skMap = options.privateKey(curve, 'mapping');
  const pkMapIc = decodePoint(curve, await dynamic(false, 0x81, encodePoint(curve, multiply(curve, skMap, curve.g)), 0x82));
  if (!pkMapIc) throw malformed('chip mapping key is not a curve point');
  const gHat = add(curve, multiply(curve, s, curve.g), multiply(curve, skMap, pkMapIc));
  if (!gHat) throw malformed('mapped generator at infinity');
  const mapped: Curve = { ...curve, g: gHat };

  const skDh = options.privateKey(mapped, 'agreement');
  const pkDhIfd = encodePoint(curve, multiply(mapped, skDh, gHat));
  const pkDhIcBytes = await dynamic(false, 0x83, pkDhIfd, 0x84);
  const pkDhIc = decodePoint(curve, pkDhIcBytes);
  if (!pkDhIc || bytesEqual(pkDhIcBytes, pkDhIfd)) throw malformed('chip agreement key is invalid');
  const shared = multiply(mapped, skDh, pkDhIc);
  if (!shared) throw malformed('shared secret at infinity');
  const k = coordinateBytes(curve, shared.x);
  const ksEnc = paceKdf(k, 1, keyLength);
  const ksMac = paceKdf(k, 2, keyLength);

  const token = (publicKey: Uint8Array) =>
    aesCmac(ksMac, encodeTlv(0x7f49, concatBytes(encodeTlv(0x06, oid), encodeTlv(0x86, publicKey)))).slice(0, 8);
  const tIc = await dynamic(true, 0x85, token(pkDhIcBytes), 0x86);
  if (!bytesEqual(tIc, token(pkDhIfd)))
    throw new DangkyError('DK_ERR_CHIP_MAC_INVALID', { detail: { reason: 'chip authentication token' } });
  return { cipher: aesCipher(ksEnc, ksMac), ssc: new Uint8Array(16) };
}
