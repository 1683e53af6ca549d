import { randomBytes, sign, type KeyObject } from 'node:crypto';
import { EMRTD_AID, bytesEqual, concatBytes, encodeTlv, parseTlvList } from '@dangky/core/icao';
import { deriveBacKeys } from '../bac.ts';
import { derive3desKey, padIso9797, retailMac, tdesDecrypt, tdesEncrypt, unpadIso9797 } from '../crypto-3des.ts';
import { incrementSsc, tdesCipher, type SmSession } from '../secure-messaging.ts';
import { CARD_ACCESS_ECDH_GM_AES128_BP256, VirtualPace } from './virtual-pace.ts';

/**
 * A virtual eMRTD chip answering at the APDU level, for the simulator and tests: SELECT of the
 * eMRTD application, BAC (GET CHALLENGE / EXTERNAL AUTHENTICATE, card side), then 3DES secure
 * messaging for SELECT EF and READ BINARY (B0, short EF, B1). It checks the reader's MACs like a
 * real chip and can be told to misbehave: a largest Le (6700 above it), a corrupted response MAC,
 * or a reset (tag loss) which drops the session.
 */

export interface VirtualChipOptions {
  /** File identifier → file bytes (EF.COM 011E, DG1 0101, DG13 010D …). */
  files: ReadonlyMap<number, Uint8Array>;
  /** The MRZ information string that opens this chip (see `bacKeyInfo`). */
  mrzInfo: string;
  /** When set, the chip offers PACE ECDH-GM (AES-128, brainpoolP256r1) with this CAN, and EF.CardAccess. */
  can?: string;
  /** Largest Le accepted by READ BINARY; larger → 6700. Default 256. */
  maxLe?: number;
  /** Flip a bit of every response MAC (a man in the middle, or a broken chip). */
  corruptMac?: boolean;
  random?: (length: number) => Uint8Array;
  /** Active Authentication private key (EC); its public half belongs in DG15. */
  activeAuthKey?: KeyObject;
}

const sw = (value: number) => Uint8Array.of(value >> 8, value & 0xff);
const SHORT_EF: Readonly<Record<number, number>> = {
  0x1e: 0x011e,
  0x1d: 0x011d,
  0x01: 0x0101,
  0x02: 0x0102,
  0x0d: 0x010d,
  0x0e: 0x010e,
  0x0f: 0x010f,
};

export class VirtualChip {
  readonly #options: VirtualChipOptions;
  readonly #random: (length: number) => Uint8Array;
  #appSelected = false;
  #rndIc: Uint8Array | undefined;
  #session: SmSession | undefined;
  #file: Uint8Array | undefined;
  #plainFile: Uint8Array | undefined;
  #pace: VirtualPace | undefined;
  /** Commands received, for the bench (APDU count). */
  commands = 0;

  constructor(options: VirtualChipOptions) {
    this.#options = options;
    this.#random = options.random ?? ((n) => new Uint8Array(randomBytes(n)));
  }

  /** Tag loss or a new activation: everything but the files is forgotten. */
  reset(): void {
    this.#appSelected = false;
    this.#rndIc = undefined;
    this.#session = undefined;
    this.#file = undefined;
    this.#plainFile = undefined;
    this.#pace = undefined;
  }

  transceive(apdu: Uint8Array): Uint8Array {
    this.commands++;
    const [cla = 0, ins = 0, p1 = 0, p2 = 0] = apdu;
    if ((cla & 0x0c) === 0x0c) return this.#secure(apdu);
    if (this.#session) {
      // A plain command inside an SM session ends it (ICAO 9303-11 §9.8.7).
      this.#session = undefined;
      return sw(0x6988);
    }
    const data = apdu.length > 5 ? apdu.subarray(5, 5 + (apdu[4] ?? 0)) : new Uint8Array(0);
    if (ins === 0xa4 && p1 === 0x04) {
      this.#appSelected = bytesEqual(data, EMRTD_AID);
      return sw(this.#appSelected ? 0x9000 : 0x6a82);
    }
    if (ins === 0xa4 && p1 === 0x02 && (data[0] ?? 0) * 256 + (data[1] ?? 0) === 0x011c) {
      // EF.CardAccess is readable without access control; absent → the reader falls back to BAC.
      this.#plainFile = this.#options.can ? CARD_ACCESS_ECDH_GM_AES128_BP256 : undefined;
      return sw(this.#plainFile ? 0x9000 : 0x6a82);
    }
    if (ins === 0xb0 && this.#plainFile && !(p1 & 0x80)) {
      const offset = p1 * 256 + p2;
      return concatBytes(this.#plainFile.slice(offset, offset + (apdu[4] || 256)), sw(0x9000));
    }
    if (ins === 0x22 && p1 === 0xc1 && p2 === 0xa4) {
      if (!this.#options.can) return sw(0x6a80);
      this.#pace = new VirtualPace(this.#options.can, this.#random);
      return sw(0x9000);
    }
    if (ins === 0x86 && this.#pace) {
      const result = this.#pace.step(data);
      if (result.sw !== 0x9000) this.#pace = undefined;
      if (result.session) {
        this.#session = result.session;
        this.#pace = undefined;
      }
      return concatBytes(result.answer, sw(result.sw));
    }
    if (!this.#appSelected) return sw(0x6985);
    if (ins === 0x84) {
      this.#rndIc = this.#random(8);
      return concatBytes(this.#rndIc, sw(0x9000));
    }
    if (ins === 0x82 && p1 === 0 && p2 === 0) return this.#externalAuthenticate(data);
    return sw(0x6982);
  }

  #externalAuthenticate(data: Uint8Array): Uint8Array {
    const rndIc = this.#rndIc;
    this.#rndIc = undefined;
    const { kEnc, kMac } = deriveBacKeys(this.#options.mrzInfo);
    if (!rndIc || data.length !== 40) return sw(0x6700);
    const eIfd = data.subarray(0, 32);
    if (!bytesEqual(retailMac(kMac, padIso9797(eIfd)), data.subarray(32))) return sw(0x6300);
    const s = tdesDecrypt(kEnc, eIfd);
    if (!bytesEqual(s.subarray(8, 16), rndIc)) return sw(0x6300);
    const rndIfd = s.subarray(0, 8);
    const kIfd = s.subarray(16, 32);
    const kIc = this.#random(16);
    const eIc = tdesEncrypt(kEnc, concatBytes(rndIc, rndIfd, kIc));
    const seed = kIfd.map((b, i) => b ^ (kIc[i] ?? 0));
    this.#session = {
      cipher: tdesCipher(derive3desKey(seed, 1), derive3desKey(seed, 2)),
      ssc: concatBytes(rndIc.subarray(4), rndIfd.subarray(4)),
    };
    return concatBytes(eIc, retailMac(kMac, padIso9797(eIc)), sw(0x9000));
  }

  #secure(apdu: Uint8Array): Uint8Array {
    const session = this.#session;
    if (!session) return sw(0x6982);
    const fail = (value: number) => {
      this.#session = undefined;
      return sw(value);
    };
    const extended = apdu[4] === 0 && apdu.length > 7;
    const lc = extended ? (apdu[5] ?? 0) * 256 + (apdu[6] ?? 0) : (apdu[4] ?? 0);
    const body = apdu.subarray(extended ? 7 : 5, (extended ? 7 : 5) + lc);
    let nodes;
    try {
      nodes = parseTlvList(body, { parseChildren: false });
    } catch {
      return fail(0x6988);
    }
    const do8e = nodes.find((n) => n.tag === 0x8e);
    const do8x = nodes.find((n) => n.tag === 0x87 || n.tag === 0x85);
    const do97 = nodes.find((n) => n.tag === 0x97);
    incrementSsc(session.ssc);
    const header = padIso9797(apdu.subarray(0, 4), session.cipher.blockSize);
    const mac = session.cipher.mac(
      padIso9797(concatBytes(session.ssc, header, do8x?.raw ?? new Uint8Array(), do97?.raw ?? new Uint8Array()), session.cipher.blockSize),
    );
    if (!do8e || !bytesEqual(mac, do8e.value)) return fail(0x6988);
    let data = new Uint8Array(0) as Uint8Array;
    if (do8x) {
      const cipherText = do8x.tag === 0x87 ? do8x.value.subarray(1) : do8x.value;
      const plain = unpadIso9797(session.cipher.decrypt(cipherText, session.ssc));
      if (!plain) return fail(0x6988);
      data = plain;
    }
    const le = do97 ? do97.value.reduce((n, b) => n * 256 + b, 0) || (do97.value.length === 1 ? 256 : 65_536) : 0;
    const [answer, status] = this.#execute(apdu[1] ?? 0, apdu[2] ?? 0, apdu[3] ?? 0, data, le);
    incrementSsc(session.ssc);
    const do87 =
      answer.length > 0
        ? encodeTlv(
            0x87,
            concatBytes(Uint8Array.of(0x01), session.cipher.encrypt(padIso9797(answer, session.cipher.blockSize), session.ssc)),
          )
        : new Uint8Array(0);
    const do99 = encodeTlv(0x99, sw(status));
    const responseMac = session.cipher.mac(padIso9797(concatBytes(session.ssc, do87, do99), session.cipher.blockSize));
    if (this.#options.corruptMac) responseMac[0] = (responseMac[0] ?? 0) ^ 0x01;
    return concatBytes(do87, do99, encodeTlv(0x8e, responseMac), sw(status));
  }

  #execute(ins: number, p1: number, p2: number, data: Uint8Array, le: number): [Uint8Array, number] {
    const none = new Uint8Array(0);
    if (ins === 0xa4 && p1 === 0x04) {
      this.#appSelected = bytesEqual(data, EMRTD_AID);
      return [none, this.#appSelected ? 0x9000 : 0x6a82];
    }
    if (ins === 0xa4 && p1 === 0x02) {
      this.#file = this.#options.files.get((data[0] ?? 0) * 256 + (data[1] ?? 0));
      return [none, this.#file ? 0x9000 : 0x6a82];
    }
    if (ins === 0x88) {
      const key = this.#options.activeAuthKey;
      if (!key || data.length !== 8) return [none, key ? 0x6700 : 0x6d00];
      return [new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })), 0x9000];
    }
    if (ins !== 0xb0 && ins !== 0xb1) return [none, 0x6d00];
    let offset = p1 * 256 + p2;
    if (ins === 0xb0 && p1 & 0x80) {
      this.#file = this.#options.files.get(SHORT_EF[p1 & 0x1f] ?? -1);
      if (!this.#file) return [none, 0x6a82];
      offset = p2;
    }
    if (ins === 0xb1) offset = data.subarray(2).reduce((n, b) => n * 256 + b, 0);
    const file = this.#file;
    if (!file) return [none, 0x6986];
    if (le > (this.#options.maxLe ?? 256)) return [none, 0x6700];
    if (offset > file.length) return [none, 0x6b00];
    const slice = file.slice(offset, offset + le);
    return [ins === 0xb1 ? encodeTlv(0x53, slice) : slice, 0x9000];
  }
}
