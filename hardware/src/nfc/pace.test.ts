import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bacKeyInfo, bytesToHex, hexToBytes, parseCardAccess, selectAid } from '@dangky/core/icao';
import type { Transceive } from './bac.ts';
import { brainpoolP256r1, encodePoint, multiply, p256 } from './ec.ts';
import { paceKdf, performPace } from './pace.ts';
import { wrapApdu } from './secure-messaging.ts';

/*
 * ICAO Doc 9303 Part 11 (8th ed.), Appendix G.1 "ECDH based example": PACE ECDH-GM,
 * AES-128, brainpoolP256r1, MRZ password T22000129 / 640812 / 101031. Values from the appendix,
 * cross-checked against the same known-answer tests in gmrtd/gmrtd and in the dmrtd PACE tests.
 */
const G1 = {
  cardAccess: '31143012060A04007F0007020204020202010202010D',
  kPi: '89DED1B26624EC1E634C1989302849DD',
  z: '95A3A016522EE98D01E76CB6B98B42C3',
  skMap: '7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99',
  pkMapIfd:
    '047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D',
  pkMapIc:
    '04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54',
  skDh: 'A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595',
  pkDhIfd:
    '042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462',
  pkDhIc:
    '049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094',
  tIfd: 'C2B0BD78D94BA866',
  tIc: '3ABB9674BCE93C08',
};

function scripted(steps: [string, string][]): Transceive & { left: () => number } {
  const queue = [...steps];
  const fn = async (apdu: Uint8Array) => {
    const step = queue.shift();
    if (!step) throw new Error('unexpected command');
    expect(bytesToHex(apdu)).toBe(step[0]);
    return hexToBytes(step[1]);
  };
  return Object.assign(fn, { left: () => queue.length });
}

const transcript = (tIc = G1.tIc): [string, string][] => [
  ['0022C1A40F800A04007F00070202040202830101', '9000'],
  ['10860000027C0000', `7C128010${G1.z}9000`],
  [`10860000457C438141${G1.pkMapIfd}00`, `7C438241${G1.pkMapIc}9000`],
  [`10860000457C438341${G1.pkDhIfd}00`, `7C438441${G1.pkDhIc}9000`],
  [`008600000C7C0A8508${G1.tIfd}00`, `7C0A8608${tIc}9000`],
];

const keys = (_curve: unknown, step: 'mapping' | 'agreement') => BigInt(`0x${step === 'mapping' ? G1.skMap : G1.skDh}`);
const mrzInfo = bacKeyInfo({ documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' });

describe('elliptic-curve arithmetic', () => {
  it.each([
    ['brainpoolP256r1', brainpoolP256r1],
    ['prime256v1', p256],
  ])('k·G agrees with node:crypto on %s', (name, curve) => {
    const ecdh = createECDH(name);
    ecdh.generateKeys();
    const k = BigInt(`0x${ecdh.getPrivateKey('hex')}`);
    expect(bytesToHex(encodePoint(curve, multiply(curve, k, curve.g)))).toBe(ecdh.getPublicKey('hex').toUpperCase());
  });
});

describe('ICAO 9303-11 Appendix G.1 PACE ECDH-GM worked example', () => {
  it('K_π from the MRZ password', async () => {
    const { createHash } = await import('node:crypto');
    expect(bytesToHex(paceKdf(new Uint8Array(createHash('sha1').update(mrzInfo).digest()), 3, 16))).toBe(G1.kPi);
  });

  it('reproduces the terminal side of the transcript byte for byte; AES SM follows with SSC 0', async () => {
    const transceive = scripted(transcript());
    const info = parseCardAccess(hexToBytes(G1.cardAccess)).pace[0]!;
    const session = await performPace({ transceive, info, password: { kind: 'mrz', mrzInfo }, privateKey: keys, sendParameterId: false });
    expect(transceive.left()).toBe(0);
    expect(bytesToHex(session.ssc)).toBe('00000000000000000000000000000000');
    // Session keys KSenc F5F0E35C…, KSmac FE251C78… (G.1) protect the next SELECT as the appendix shows.
    expect(bytesToHex(wrapApdu(session, selectAid()))).toBe('0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00');
  });

  it('a wrong chip token is refused; a refused password is access denied', async () => {
    const info = parseCardAccess(hexToBytes(G1.cardAccess)).pace[0]!;
    await expect(
      performPace({
        transceive: scripted(transcript('3ABB9674BCE93C09')),
        info,
        password: { kind: 'mrz', mrzInfo },
        privateKey: keys,
        sendParameterId: false,
      }),
    ).rejects.toMatchObject({ code: 'DK_ERR_CHIP_MAC_INVALID' });
    const refused = scripted([transcript()[0]!, transcript()[1]!, [transcript()[2]![0], '6300']]);
    await expect(
      performPace({ transceive: refused, info, password: { kind: 'mrz', mrzInfo }, privateKey: keys, sendParameterId: false }),
    ).rejects.toMatchObject({ code: 'DK_ERR_CHIP_ACCESS_DENIED' });
  });
});
