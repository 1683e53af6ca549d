import { randomBytes } from 'node:crypto';
import { bytesEqual, concatBytes, encodeTlv, findTlv, parseTlv } from '@dangky/core/icao';
import { aesCmac, aesEncryptCbc } from '../crypto-aes.ts';
import {
  add,
  bigintFromBytes,
  brainpoolP256r1,
  coordinateBytes,
  decodePoint,
  encodePoint,
  multiply,
  type Curve,
  type Point,
} from '../ec.ts';
import { paceKdf } from '../pace.ts';
import { aesCipher, type SmSession } from '../secure-messaging.ts';

/**
 * The chip side of PACE ECDH-GM, AES-128, brainpoolP256r1 with the CAN, for the virtual chip.
 * Each GENERAL AUTHENTICATE step returns [response data, status word]; the last one also yields
 * the AES session.
 */

/** EF.CardAccess naming PACE ECDH-GM AES-128 on brainpoolP256r1 (as in ICAO 9303-11 G.1). */
export const CARD_ACCESS_ECDH_GM_AES128_BP256 = Uint8Array.from(Buffer.from('31143012060A04007F0007020204020202010202010D', 'hex'));
const OID = Uint8Array.from(Buffer.from('04007F00070202040202', 'hex'));

export class VirtualPace {
  readonly #can: string;
  readonly #random: (n: number) => Uint8Array;
  readonly #curve: Curve = brainpoolP256r1;
  #step = 0;
  #s = 0n;
  #gHat: Point = null;
  #pkIc: Uint8Array = new Uint8Array(0);
  #ksMac: Uint8Array = new Uint8Array(0);
  #ksEnc: Uint8Array = new Uint8Array(0);

  constructor(can: string, random: (n: number) => Uint8Array = (n) => new Uint8Array(randomBytes(n))) {
    this.#can = can;
    this.#random = random;
  }

  #scalar(): bigint {
    return (bigintFromBytes(this.#random(40)) % (this.#curve.n - 1n)) + 1n;
  }

  /** One GENERAL AUTHENTICATE; `session` is set after the last step succeeded. */
  step(data: Uint8Array): { answer: Uint8Array; sw: number; session?: SmSession } {
    const fail = { answer: new Uint8Array(0), sw: 0x6300 };
    let inner;
    try {
      inner = parseTlv(data, { maxDepth: 3 }).children ?? [];
    } catch {
      return { answer: new Uint8Array(0), sw: 0x6a80 };
    }
    const curve = this.#curve;
    switch (this.#step++) {
      case 0: {
        const s = this.#random(16);
        this.#s = bigintFromBytes(s);
        const kPi = paceKdf(new TextEncoder().encode(this.#can), 3, 16);
        return { answer: encodeTlv(0x7c, encodeTlv(0x80, aesEncryptCbc(kPi, s, new Uint8Array(16)))), sw: 0x9000 };
      }
      case 1: {
        const pkMapIfd = decodePoint(curve, findTlv(inner, 0x81)?.value ?? new Uint8Array());
        if (!pkMapIfd) return fail;
        const sk = this.#scalar();
        this.#gHat = add(curve, multiply(curve, this.#s, curve.g), multiply(curve, sk, pkMapIfd));
        return { answer: encodeTlv(0x7c, encodeTlv(0x82, encodePoint(curve, multiply(curve, sk, curve.g)))), sw: 0x9000 };
      }
      case 2: {
        const pkIfdBytes = findTlv(inner, 0x83)?.value ?? new Uint8Array();
        const pkIfd = decodePoint(curve, pkIfdBytes);
        if (!pkIfd || !this.#gHat) return fail;
        const mapped = { ...curve, g: this.#gHat };
        const sk = this.#scalar();
        this.#pkIc = encodePoint(curve, multiply(mapped, sk, this.#gHat));
        const shared = multiply(mapped, sk, pkIfd);
        if (!shared) return fail;
        const k = coordinateBytes(curve, shared.x);
        this.#ksEnc = paceKdf(k, 1, 16);
        this.#ksMac = paceKdf(k, 2, 16);
        this.#pkIfd = pkIfdBytes.slice();
        return { answer: encodeTlv(0x7c, encodeTlv(0x84, this.#pkIc)), sw: 0x9000 };
      }
      case 3: {
        const token = (pk: Uint8Array) =>
          aesCmac(this.#ksMac, encodeTlv(0x7f49, concatBytes(encodeTlv(0x06, OID), encodeTlv(0x86, pk)))).slice(0, 8);
        if (!bytesEqual(findTlv(inner, 0x85)?.value ?? new Uint8Array(), token(this.#pkIc))) return fail;
        return {
          answer: encodeTlv(0x7c, encodeTlv(0x86, token(this.#pkIfd))),
          sw: 0x9000,
          session: { cipher: aesCipher(this.#ksEnc, this.#ksMac), ssc: new Uint8Array(16) },
        };
      }
      default:
        return { answer: new Uint8Array(0), sw: 0x6985 };
    }
  }

  #pkIfd: Uint8Array = new Uint8Array(0);
}
