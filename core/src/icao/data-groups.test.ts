import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { bytesToHex, concatBytes, hexToBytes } from './bytes.ts';
import { parseDg1 } from './dg1.ts';
import { chipDateToIso, parseDg13, redactDg13, type Dg13 } from './dg13.ts';
import { encodeDg13 } from './dg13-encode.ts';
import { parseEfCom } from './ef-com.ts';
import { encodeTlv } from './tlv.ts';

const utf8 = new TextEncoder();

/** Synthetic persona (BRIEF §1.2/§1.3 example person); no real data. */
const persona: Omit<Dg13, 'unknown'> = {
  idNumber: '001099012345',
  fullName: 'Nguyễn Văn An',
  dateOfBirth: '15/05/1999',
  sex: 'Nam',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã Thử, Huyện Mẫu, Hà Nội',
  placeOfResidence: 'Số 1 Ngõ Thử, Phường X, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:2cm trên trước mày phải',
  issueDate: '20/04/2021',
  expiryDate: '15/05/2039',
  parents: ['Nguyễn Văn Bố', 'Trần Thị Mẹ'],
  spouse: [],
  oldIdNumber: '012345678',
};

const expectCode = (fn: () => unknown, code: string) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DangkyError);
    expect((error as DangkyError).code).toBe(code);
    return;
  }
  expect.unreachable('no error thrown');
};

describe('EF.COM', () => {
  it('reads the ICAO 9303-11 Appendix D EF.COM (LDS 1.6, DG1 and DG2)', () => {
    expect(parseEfCom(hexToBytes('60145F0104303130365F36063034303030305C026175'))).toEqual({
      ldsVersion: '0106',
      unicodeVersion: '040000',
      dataGroups: [1, 2],
    });
  });

  it('a Vietnamese card lists DG13, DG14, DG15', () => {
    const com = encodeTlv(
      0x60,
      concatBytes(encodeTlv(0x5f01, utf8.encode('0107')), encodeTlv(0x5c, Uint8Array.of(0x61, 0x75, 0x6d, 0x6e, 0x6f, 0x99))),
    );
    expect(parseEfCom(com).dataGroups).toEqual([1, 2, 13, 14, 15]);
  });

  it('rejects other files', () => {
    expectCode(() => parseEfCom(hexToBytes('61035F1F00')), 'DK_ERR_CHIP_DG_MALFORMED');
    expectCode(() => parseEfCom(hexToBytes('6003010100')), 'DK_ERR_CHIP_DG_MALFORMED');
  });
});

describe('DG1', () => {
  const mrz = 'IDVNM0990123459001099012345<<09905153M3905151VNM<<<<<<<<<<<4NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<';

  it('returns the three TD1 lines of a Vietnamese card', () => {
    const dg1 = parseDg1(encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode(mrz))));
    expect(dg1).toEqual({ format: 'TD1', lines: [mrz.slice(0, 30), mrz.slice(30, 60), mrz.slice(60)] });
  });

  it.each([
    ['wrong outer tag', encodeTlv(0x62, encodeTlv(0x5f1f, utf8.encode(mrz)))],
    ['no 5F1F', encodeTlv(0x61, encodeTlv(0x5f20, utf8.encode(mrz)))],
    ['odd length', encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode(mrz.slice(1))))],
    ['lower case', encodeTlv(0x61, encodeTlv(0x5f1f, utf8.encode(mrz.toLowerCase())))],
  ])('rejects %s', (_name, bytes) => {
    expectCode(() => parseDg1(bytes), 'DK_ERR_CHIP_DG_MALFORMED');
  });
});

describe('DG13', () => {
  it('reads every field of the BRIEF §1.4 layout', () => {
    const dg13 = parseDg13(encodeDg13(persona));
    expect(dg13).toEqual({ ...persona, unknown: [] });
  });

  it('keeps unknown field numbers raw and the first of a repeated field', () => {
    const raw = encodeTlv(0x13, utf8.encode('ABCDEF0123456789'));
    const bytes = encodeDg13({
      fullName: 'Lê Thị Bình',
      unknown: [
        { n: 16, raw },
        { n: 2, raw: encodeTlv(0x0c, utf8.encode('Other')) },
      ],
    });
    const dg13 = parseDg13(bytes);
    expect(dg13.fullName).toBe('Lê Thị Bình');
    expect(dg13.unknown.map((u) => [u.n, bytesToHex(u.raw)])).toEqual([[16, bytesToHex(raw)]]);
  });

  it('keeps a known field of an unexpected shape raw instead of guessing', () => {
    const odd = encodeTlv(0x30, encodeTlv(0x0c, utf8.encode('x')));
    const dg13 = parseDg13(encodeDg13({ unknown: [{ n: 9, raw: odd }] }));
    expect(dg13.placeOfResidence).toBeUndefined();
    expect(dg13.unknown).toEqual([{ n: 9, raw: odd }]);
  });

  it('accepts field SEQUENCEs directly in the outer SEQUENCE (no SET)', () => {
    const field = encodeTlv(0x30, concatBytes(encodeTlv(0x02, Uint8Array.of(4)), encodeTlv(0x0c, utf8.encode('Nữ'))));
    const bytes = encodeTlv(0x6d, encodeTlv(0x30, concatBytes(encodeTlv(0x02, Uint8Array.of(1)), field)));
    expect(parseDg13(bytes).sex).toBe('Nữ');
  });

  it('normalises NFD text to NFC', () => {
    const nfd = 'Nguyễn'.normalize('NFD');
    expect(parseDg13(encodeDg13({ fullName: nfd })).fullName).toBe('Nguyễn');
  });

  it('redactDg13 drops ethnicity, religion, parents and spouse', () => {
    const redacted = redactDg13(parseDg13(encodeDg13(persona)));
    expect(Object.keys(redacted).sort()).toEqual(
      [
        'dateOfBirth',
        'expiryDate',
        'fullName',
        'idNumber',
        'identifyingMarks',
        'issueDate',
        'nationality',
        'oldIdNumber',
        'placeOfOrigin',
        'placeOfResidence',
        'sex',
        'unknown',
      ].sort(),
    );
    const text = JSON.stringify(redacted);
    for (const secret of ['Kinh', 'Không', 'Bố', 'Mẹ']) expect(text).not.toContain(secret);
  });

  it.each([
    ['not a DG13', encodeTlv(0x6c, new Uint8Array(0)), 'DK_ERR_CHIP_DG_MALFORMED'],
    [
      'invalid UTF-8',
      encodeTlv(
        0x6d,
        encodeTlv(0x31, encodeTlv(0x30, concatBytes(encodeTlv(0x02, Uint8Array.of(2)), encodeTlv(0x0c, Uint8Array.of(0xc3, 0x28))))),
      ),
      'DK_ERR_CHIP_DG_MALFORMED',
    ],
    ['truncated', encodeDg13(persona).subarray(0, 40), 'DK_ERR_CHIP_TLV_MALFORMED'],
  ])('rejects %s', (_name, bytes, code) => {
    expectCode(() => parseDg13(bytes), code);
  });

  it('chipDateToIso', () => {
    expect(chipDateToIso('15/05/1999')).toBe('1999-05-15');
    expect(chipDateToIso('31/02/1999')).toBeUndefined();
    expect(chipDateToIso('Không thời hạn')).toBeUndefined();
  });

  it('fuzz: mutated and random DG13 bytes give a result or our typed error', () => {
    const valid = encodeDg13(persona);
    const parsers = [parseDg13, parseDg1, parseEfCom];
    const check = (bytes: Uint8Array) => {
      for (const parse of parsers) {
        try {
          parse(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(DangkyError);
          expect((error as DangkyError).code).toMatch(/^DK_ERR_CHIP_/);
        }
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        (edits) => {
          const bytes = valid.slice();
          for (const [at, value] of edits) bytes[at] = value;
          check(bytes);
        },
      ),
      { numRuns: 1500 },
    );
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), { numRuns: 1500 });
  });
});
