import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { EF, bytesToHex, hexToBytes, readBinary, selectEf } from '@dangky/core/icao';
import { deriveBacKeys, performBac, type Transceive } from './bac.ts';
import { bacKeySeed, derive3desKey, padIso9797, retailMac } from './crypto-3des.ts';
import { tdesCipher, unwrapResponse, wrapApdu, type SmSession } from './secure-messaging.ts';

/*
 * ICAO Doc 9303 Part 11 (8th ed., 2021), Appendix D "Worked example: Basic Access Control"
 * D.2 key derivation, D.3 authentication and session keys, D.4 secure messaging.
 * Values copied from the appendix and cross-checked against the same worked example in the
 * tests of gmrtd/gmrtd (nfc_session_test.go, "Worked example from 9303p11 D.4") and pypassport.
 */
const D = {
  mrzInfo: 'L898902C<369080619406236',
  kSeed: '239AB9CB282DAF66231DC5A4DF6BFBAE',
  kEnc: 'AB94FDECF2674FDFB9B391F85D7F76F2',
  kMac: '7962D9ECE03D1ACD4C76089DCE131543',
  rndIc: '4608F91988702212',
  rndIfd: '781723860C06C226',
  kIfd: '0B795240CB7049B01C19B33E32804F0B',
  externalAuthenticate: '008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728',
  chipAnswer: '46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449',
  sessionSeed: '0036D272F5C350ACAC50C3F572D23600',
  ksEnc: '979EC13B1CBFE9DCD01AB0FED307EAE5',
  ksMac: 'F1CB1F1FB5ADF208806B89DC579DC1F8',
  ssc: '887022120C06C226',
} as const;

/** A transceive that plays back a script: each step checks the command and returns the answer. */
function scripted(steps: [command: string, answer: string][]): Transceive & { left: () => number } {
  const queue = [...steps];
  const fn = async (apdu: Uint8Array) => {
    const step = queue.shift();
    if (!step) throw new Error('unexpected command');
    expect(bytesToHex(apdu)).toBe(step[0]);
    return hexToBytes(step[1]);
  };
  return Object.assign(fn, { left: () => queue.length });
}

const fixedRandom = () => {
  const values = [hexToBytes(D.rndIfd), hexToBytes(D.kIfd)];
  return (length: number) => {
    const next = values.shift();
    if (!next || next.length !== length) throw new Error('unexpected random request');
    return next;
  };
};

const session = (): SmSession => ({ cipher: tdesCipher(hexToBytes(D.ksEnc), hexToBytes(D.ksMac)), ssc: hexToBytes(D.ssc) });

describe('ICAO 9303-11 Appendix D worked example', () => {
  it('D.2: Kseed, Kenc and Kmac from the MRZ information', () => {
    expect(bytesToHex(bacKeySeed(D.mrzInfo))).toBe(D.kSeed);
    const keys = deriveBacKeys(D.mrzInfo);
    expect(bytesToHex(keys.kEnc)).toBe(D.kEnc);
    expect(bytesToHex(keys.kMac)).toBe(D.kMac);
  });

  it('D.3: mutual authentication and session keys', async () => {
    const transceive = scripted([
      ['0084000008', `${D.rndIc}9000`],
      [D.externalAuthenticate, `${D.chipAnswer}9000`],
    ]);
    const result = await performBac({ mrzInfo: D.mrzInfo, transceive, random: fixedRandom() });
    expect(transceive.left()).toBe(0);
    expect(bytesToHex(result.ssc)).toBe(D.ssc);
    expect(bytesToHex(derive3desKey(hexToBytes(D.sessionSeed), 1))).toBe(D.ksEnc);
    expect(bytesToHex(derive3desKey(hexToBytes(D.sessionSeed), 2))).toBe(D.ksMac);
    // The session's cipher is keyed with KSenc/KSmac: it produces the D.4 SELECT exactly.
    expect(bytesToHex(wrapApdu(result, selectEf(EF.com.fid)))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
  });

  it('D.3: Mifd is the retail MAC of Eifd', () => {
    const eIfd = hexToBytes(D.externalAuthenticate.slice(10, 10 + 64));
    expect(bytesToHex(retailMac(hexToBytes(D.kMac), padIso9797(eIfd)))).toBe('5F1448EEA8AD90A7');
  });

  it('D.4: SELECT EF.COM, READ BINARY 4 bytes, READ BINARY 18 bytes from offset 4', () => {
    const s = session();
    expect(bytesToHex(wrapApdu(s, selectEf(EF.com.fid)))).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(bytesToHex(s.ssc)).toBe('887022120C06C227');
    expect(unwrapResponse(s, hexToBytes('990290008E08FA855A5D4C50A8ED9000'))).toEqual({ data: new Uint8Array(0), sw: 0x9000 });
    expect(bytesToHex(s.ssc)).toBe('887022120C06C228');

    expect(bytesToHex(wrapApdu(s, readBinary(0, 4)))).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    const first = unwrapResponse(s, hexToBytes('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000'));
    expect(bytesToHex(first.data)).toBe('60145F01');

    expect(bytesToHex(wrapApdu(s, readBinary(4, 0x12)))).toBe('0CB000040D9701128E082EA28A70F3C7B53500');
    const rest = unwrapResponse(s, hexToBytes('871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000'));
    expect(bytesToHex(rest.data)).toBe('04303130365F36063034303030305C026175');
    expect(bytesToHex(s.ssc)).toBe('887022120C06C22C');
  });
});

describe('BAC and secure messaging failures', () => {
  const codeOf = async (promise: Promise<unknown> | (() => unknown)): Promise<string> => {
    try {
      await (typeof promise === 'function' ? promise() : promise);
    } catch (error) {
      if (error instanceof DangkyError) return error.code;
      throw error;
    }
    return 'no error';
  };

  it('a wrong MRZ key: the chip answers 6300 → access denied', async () => {
    const transceive = scripted([
      ['0084000008', `${D.rndIc}9000`],
      [D.externalAuthenticate, '6300'],
    ]);
    expect(await codeOf(performBac({ mrzInfo: D.mrzInfo, transceive, random: fixedRandom() }))).toBe('DK_ERR_CHIP_ACCESS_DENIED');
  });

  it('a chip answer with a bad MAC is refused', async () => {
    const transceive = scripted([
      ['0084000008', `${D.rndIc}9000`],
      [D.externalAuthenticate, `${D.chipAnswer.slice(0, -2)}48 9000`.replace(' ', '')],
    ]);
    expect(await codeOf(performBac({ mrzInfo: D.mrzInfo, transceive, random: fixedRandom() }))).toBe('DK_ERR_CHIP_MAC_INVALID');
  });

  it('a tampered response MAC, a tampered ciphertext, a MAC-less 9000', async () => {
    const tamperedMac = () => {
      const s = session();
      wrapApdu(s, selectEf(EF.com.fid));
      return unwrapResponse(s, hexToBytes('990290008E08FA855A5D4C50A8EE9000'));
    };
    expect(await codeOf(tamperedMac)).toBe('DK_ERR_CHIP_MAC_INVALID');
    const tamperedData = () => {
      const s = session();
      wrapApdu(s, selectEf(EF.com.fid));
      unwrapResponse(s, hexToBytes('990290008E08FA855A5D4C50A8ED9000'));
      wrapApdu(s, readBinary(0, 4));
      return unwrapResponse(s, hexToBytes('8709019FF0EC34F9922650990290008E08AD55CC17140B2DED9000'));
    };
    expect(await codeOf(tamperedData)).toBe('DK_ERR_CHIP_MAC_INVALID');
    expect(await codeOf(() => unwrapResponse(session(), hexToBytes('9000')))).toBe('DK_ERR_CHIP_SM_MALFORMED');
    expect(await codeOf(() => unwrapResponse(session(), hexToBytes('6988')))).toBe('DK_ERR_CHIP_SM_OBJECTS');
    expect(await codeOf(() => unwrapResponse(session(), hexToBytes('FFFF9000')))).toBe('DK_ERR_CHIP_SM_MALFORMED');
  });

  it('a protected error status word is reported after its MAC is checked', async () => {
    // Build a protected 6A82 answer with the session's own MAC (as a chip would).
    const chip = session();
    const reader = session();
    wrapApdu(reader, selectEf(EF.dg13.fid));
    chip.ssc.set(reader.ssc);
    chip.ssc[7] = (chip.ssc[7] ?? 0) + 1;
    const do99 = hexToBytes('99026A82');
    const mac = chip.cipher.mac(padIso9797(new Uint8Array([...chip.ssc, ...do99])));
    const answer = new Uint8Array([...do99, 0x8e, 0x08, ...mac, 0x6a, 0x82]);
    expect(await codeOf(() => unwrapResponse(reader, answer))).toBe('DK_ERR_CHIP_FILE_NOT_FOUND');
  });
});
