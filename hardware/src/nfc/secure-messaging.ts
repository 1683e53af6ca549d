import { DangkyError } from '@dangky/core/errors';
import {
  assertStatusOk,
  bytesEqual,
  concatBytes,
  encodeApdu,
  encodeTlv,
  parseResponse,
  parseTlvList,
  type CommandApdu,
} from '@dangky/core/icao';
import { KeptCbc, keptEcb } from './cbc-context.ts';
import { padIso9797, unpadIso9797 } from './crypto-3des.ts';

/**
 * ICAO 9303-11 §9.8 secure messaging. A session holds the session keys and the send sequence
 * counter; `wrap` protects a command (DO87/DO85 encrypted data, DO97 Le, DO8E MAC) and `unwrap`
 * checks the MAC of every response before anything in it is used. A response without a MAC is
 * an error even when it says 9000 — only a plain error status word is accepted unprotected
 * (the chip drops secure messaging when it answers 6987/6988/6982), and it ends the session.
 *
 * The cipher is a small interface so the AES variant (PACE) plugs into the same wrap/unwrap.
 */

export interface SmCipher {
  readonly blockSize: 8 | 16;
  encrypt(data: Uint8Array, ssc: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array, ssc: Uint8Array): Uint8Array;
  /** The 8-byte MAC over `data`, which is already padded to the block size. */
  mac(data: Uint8Array): Uint8Array;
}

const ZERO_8 = new Uint8Array(8);
const ZERO_16 = new Uint8Array(16);

/**
 * 3DES SM (BAC, and PACE with 3DES): zero IV, retail MAC (ISO 9797-1 alg. 3). Every context is
 * made once per session (see cbc-context.ts). The retail MAC is single-DES CBC under Ka over all
 * blocks but the last, then E_Ka(D_Kb(E_Ka(last ⊕ chain))) — which is two-key 3DES-EDE under
 * Ka‖Kb, i.e. `des-ede-ecb` with the MAC key itself.
 */
export function tdesCipher(ksEnc: Uint8Array, ksMac: Uint8Array): SmCipher {
  const encrypt = new KeptCbc('des-ede-cbc', ksEnc, 8, 'encrypt');
  const decrypt = new KeptCbc('des-ede-cbc', ksEnc, 8, 'decrypt');
  const ka = ksMac.subarray(0, 8);
  // Single DES as 3DES with K1 = K2 (OpenSSL 3's default provider has no single DES).
  const macChain = new KeptCbc('des-ede-cbc', concatBytes(ka, ka), 8, 'encrypt');
  const macFinal = keptEcb('des-ede-ecb', ksMac);
  return {
    blockSize: 8,
    encrypt: (data) => encrypt.run(data, ZERO_8),
    decrypt: (data) => decrypt.run(data, ZERO_8),
    mac: (data) => {
      if (data.length === 0 || data.length % 8 !== 0) throw new RangeError('retail MAC input must be padded to 8 bytes');
      const last = data.slice(data.length - 8);
      if (data.length > 8) {
        const chain = macChain.run(data.subarray(0, data.length - 8), ZERO_8);
        for (let i = 0; i < 8; i++) last[i] = (last[i] ?? 0) ^ (chain[chain.length - 8 + i] ?? 0);
      }
      return macFinal(last);
    },
  };
}

const shiftLeft = (block: Uint8Array): Uint8Array => {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = (((block[i] ?? 0) << 1) | ((block[i + 1] ?? 0) >> 7)) & 0xff;
  if ((block[0] ?? 0) & 0x80) out[15] = (out[15] ?? 0) ^ 0x87;
  return out;
};

/**
 * AES SM (PACE): CBC with IV = E(KSenc, SSC), the SSC being 16 bytes; MAC = AES-CMAC truncated
 * to 8 bytes (ICAO 9303-11 §9.8.6.2; RFC 4493 — the CMAC subkeys are fixed per key, so they are
 * computed once). Contexts are made once per session (see cbc-context.ts).
 */
export function aesCipher(ksEnc: Uint8Array, ksMac: Uint8Array): SmCipher {
  const bits = ksEnc.length * 8;
  if (![128, 192, 256].includes(bits) || ksMac.length !== ksEnc.length) throw new RangeError('AES key must be 16, 24 or 32 bytes');
  const ivOf = keptEcb(`aes-${bits}-ecb`, ksEnc);
  const encrypt = new KeptCbc(`aes-${bits}-cbc`, ksEnc, 16, 'encrypt');
  const decrypt = new KeptCbc(`aes-${bits}-cbc`, ksEnc, 16, 'decrypt');
  const macChain = new KeptCbc(`aes-${bits}-cbc`, ksMac, 16, 'encrypt');
  const k1 = shiftLeft(keptEcb(`aes-${bits}-ecb`, ksMac)(ZERO_16));
  const k2 = shiftLeft(k1);
  return {
    blockSize: 16,
    encrypt: (data, ssc) => encrypt.run(data, ivOf(ssc)),
    decrypt: (data, ssc) => decrypt.run(data, ivOf(ssc)),
    mac: (message) => {
      const blocks = Math.max(1, Math.ceil(message.length / 16));
      const complete = message.length > 0 && message.length % 16 === 0;
      const input = new Uint8Array(blocks * 16);
      input.set(message);
      if (!complete) input[message.length] = 0x80;
      const subkey = complete ? k1 : k2;
      for (let i = 0; i < 16; i++) input[input.length - 16 + i] = (input[input.length - 16 + i] ?? 0) ^ (subkey[i] ?? 0);
      const chain = macChain.run(input, ZERO_16);
      return chain.slice(chain.length - 16, chain.length - 8);
    },
  };
}

export interface SmSession {
  cipher: SmCipher;
  /** Send sequence counter, incremented before every command and every response. */
  ssc: Uint8Array;
}

export function incrementSsc(ssc: Uint8Array): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    ssc[i] = ((ssc[i] ?? 0) + 1) & 0xff;
    if (ssc[i] !== 0) return;
  }
}

const malformed = (reason: string): DangkyError => new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { detail: { reason } });

/** Protects one command APDU; increments the SSC. */
export function wrapApdu(session: SmSession, apdu: CommandApdu): Uint8Array {
  const { cipher } = session;
  const cla = apdu.cla | 0x0c;
  const header = padIso9797(Uint8Array.of(cla, apdu.ins, apdu.p1, apdu.p2), cipher.blockSize);
  incrementSsc(session.ssc);
  let do8x: Uint8Array = new Uint8Array(0);
  if (apdu.data && apdu.data.length > 0) {
    // Odd INS (B1): DO85 carries the encrypted data without the padding-content indicator.
    const encrypted = cipher.encrypt(padIso9797(apdu.data, cipher.blockSize), session.ssc);
    do8x = apdu.ins % 2 === 1 ? encodeTlv(0x85, encrypted) : encodeTlv(0x87, concatBytes(Uint8Array.of(0x01), encrypted));
  }
  let do97: Uint8Array = new Uint8Array(0);
  if (apdu.le !== undefined) {
    const le = apdu.le > 256 ? Uint8Array.of((apdu.le >> 8) & 0xff, apdu.le & 0xff) : Uint8Array.of(apdu.le & 0xff);
    do97 = encodeTlv(0x97, le);
  }
  const macInput = padIso9797(concatBytes(session.ssc, header, do8x, do97), cipher.blockSize);
  const do8e = encodeTlv(0x8e, cipher.mac(macInput));
  const body = concatBytes(do8x, do97, do8e);
  // Le 00 (short) or 0000 (extended): "up to the maximum", the chip sends what it has.
  const extended = body.length > 255 || (apdu.le ?? 0) > 231;
  return encodeApdu({ cla, ins: apdu.ins, p1: apdu.p1, p2: apdu.p2, data: body, le: extended ? 65_536 : 256 });
}

export interface UnwrappedResponse {
  data: Uint8Array;
  sw: number;
}

/**
 * Checks and opens one protected response; increments the SSC. Throws the status-word error for
 * a non-9000 status (after the MAC check), MAC_INVALID when the MAC does not match.
 */
export function unwrapResponse(session: SmSession, response: Uint8Array): UnwrappedResponse {
  const { cipher } = session;
  const outer = parseResponse(response);
  incrementSsc(session.ssc);
  if (outer.data.length === 0) {
    // The chip answered in plain: only an error status word may come this way.
    assertStatusOk(outer.sw);
    throw malformed('success without a MAC');
  }
  let nodes;
  try {
    nodes = parseTlvList(outer.data, { parseChildren: false, maxLength: 65_536 });
  } catch (cause) {
    throw new DangkyError('DK_ERR_CHIP_SM_MALFORMED', { cause, detail: { reason: 'response objects are not TLV' } });
  }
  const macNode = nodes.find((n) => n.tag === 0x8e);
  if (!macNode || macNode.value.length !== 8) throw malformed('missing MAC object');
  const covered = nodes.filter((n) => n.tag === 0x87 || n.tag === 0x85 || n.tag === 0x99);
  const expected = cipher.mac(padIso9797(concatBytes(session.ssc, ...covered.map((n) => n.raw)), cipher.blockSize));
  if (!bytesEqual(expected, macNode.value)) throw new DangkyError('DK_ERR_CHIP_MAC_INVALID');
  const do99 = nodes.find((n) => n.tag === 0x99);
  if (!do99 || do99.value.length !== 2) throw malformed('missing status object');
  const sw = ((do99.value[0] ?? 0) << 8) | (do99.value[1] ?? 0);
  assertStatusOk(sw);
  const do87 = nodes.find((n) => n.tag === 0x87);
  const do85 = nodes.find((n) => n.tag === 0x85);
  let data: Uint8Array = new Uint8Array(0);
  if (do87) {
    if (do87.value[0] !== 0x01 || (do87.value.length - 1) % cipher.blockSize !== 0) throw malformed('bad encrypted data object');
    const plain = unpadIso9797(cipher.decrypt(do87.value.subarray(1), session.ssc));
    if (!plain) throw malformed('bad padding');
    data = plain;
  } else if (do85) {
    // Odd-INS answers (B1): no padding-content indicator; the plain value is a DO53 for the caller.
    if (do85.value.length % cipher.blockSize !== 0) throw malformed('bad encrypted data object');
    const plain = unpadIso9797(cipher.decrypt(do85.value, session.ssc));
    if (!plain) throw malformed('bad padding');
    data = plain;
  }
  return { data, sw };
}
