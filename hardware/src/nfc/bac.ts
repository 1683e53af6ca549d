import { DangkyError } from '@dangky/core/errors';
import { assertStatusOk, bytesEqual, concatBytes, encodeApdu, externalAuthenticate, getChallenge, parseResponse } from '@dangky/core/icao';
import { bacKeySeed, derive3desKey, padIso9797, retailMac, tdesDecrypt, tdesEncrypt } from './crypto-3des.ts';
import { tdesCipher, type SmSession } from './secure-messaging.ts';

/**
 * Basic Access Control (ICAO 9303-11 §4.3): the MRZ key opens a 3DES secure-messaging session.
 * Steps: GET CHALLENGE → RND.IC; EXTERNAL AUTHENTICATE with E(Kenc, RND.IFD‖RND.IC‖K.IFD) and its
 * retail MAC; check the chip's MAC and that it echoes our RND.IFD; session keys from
 * K.IFD ⊕ K.IC; SSC = last 4 bytes of RND.IC ‖ last 4 bytes of RND.IFD.
 */

/** Sends one plain APDU to the chip and returns the raw response (data ‖ SW). */
export type Transceive = (apdu: Uint8Array) => Promise<Uint8Array>;

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

export function deriveBacKeys(mrzInfo: string): BacKeys {
  const seed = bacKeySeed(mrzInfo);
  return { kEnc: derive3desKey(seed, 1), kMac: derive3desKey(seed, 2) };
}

export interface BacOptions {
  /** MRZ information string (see `bacKeyInfo` in @dangky/core/icao). Never logged. */
  mrzInfo: string;
  transceive: Transceive;
  /** Random bytes; injected so the ICAO worked example can be replayed. */
  random: (length: number) => Uint8Array;
}

export async function performBac(options: BacOptions): Promise<SmSession> {
  const { kEnc, kMac } = deriveBacKeys(options.mrzInfo);
  const challenge = parseResponse(await options.transceive(encodeApdu(getChallenge())));
  assertStatusOk(challenge.sw);
  if (challenge.data.length !== 8) throw new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { detail: { reason: 'challenge is not 8 bytes' } });
  const rndIc = challenge.data;
  const rndIfd = options.random(8);
  const kIfd = options.random(16);
  const eIfd = tdesEncrypt(kEnc, concatBytes(rndIfd, rndIc, kIfd));
  const mIfd = retailMac(kMac, padIso9797(eIfd));
  const answer = parseResponse(await options.transceive(encodeApdu(externalAuthenticate(concatBytes(eIfd, mIfd)))));
  assertStatusOk(answer.sw);
  if (answer.data.length !== 40)
    throw new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { detail: { reason: 'authentication answer is not 40 bytes' } });
  const eIc = answer.data.subarray(0, 32);
  if (!bytesEqual(retailMac(kMac, padIso9797(eIc)), answer.data.subarray(32, 40))) throw new DangkyError('DK_ERR_CHIP_MAC_INVALID');
  const r = tdesDecrypt(kEnc, eIc);
  if (!bytesEqual(r.subarray(0, 8), rndIc) || !bytesEqual(r.subarray(8, 16), rndIfd)) {
    throw new DangkyError('DK_ERR_CHIP_ACCESS_DENIED', { detail: { reason: 'chip did not echo our challenge' } });
  }
  const kIc = r.subarray(16, 32);
  const seed = kIfd.map((b, i) => b ^ (kIc[i] ?? 0));
  const ssc = concatBytes(rndIc.subarray(4, 8), rndIfd.subarray(4, 8));
  return { cipher: tdesCipher(derive3desKey(seed, 1), derive3desKey(seed, 2)), ssc };
}
