import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { encodeApdu, readBinary, readBinaryShortEf, selectAid, selectEf, EF, parseResponse } from './apdu.ts';
import { bytesToHex } from './bytes.ts';
import { bacKeyInfo, mrzCheckDigit } from './mrz-key.ts';
import { assertStatusOk, statusWordCode } from './status-words.ts';

describe('APDUs', () => {
  it.each([
    ['SELECT eMRTD application', selectAid(), '00A4040C07A0000002471001'],
    ['SELECT EF.COM', selectEf(EF.com.fid), '00A4020C02011E'],
    ['READ BINARY 4 bytes at 0 (9303-11 D.4)', readBinary(0, 4), '00B0000004'],
    ['READ BINARY 18 bytes at 4 (9303-11 D.4)', readBinary(4, 0x12), '00B0000412'],
    ['READ BINARY 256 bytes (Le 00)', readBinary(0x1234, 256), '00B0123400'],
    ['READ BINARY extended Le', readBinary(0, 1000), '00B00000' + '0003E8'],
    ['READ BINARY beyond 32 KiB uses B1 + DO54', readBinary(0x8000, 224), '00B100000454028000E0'],
    ['READ BINARY by short EF id (DG13)', readBinaryShortEf(EF.dg13.sfi, 0, 4), '00B08D0004'],
  ])('%s', (_name, apdu, hex) => {
    expect(bytesToHex(encodeApdu(apdu))).toBe(hex);
  });

  it('rejects out-of-range parameters with a typed error', () => {
    expect(() => readBinary(-1, 4)).toThrow(DangkyError);
    expect(() => readBinaryShortEf(31, 0, 4)).toThrow(DangkyError);
    expect(() => encodeApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 70_000 })).toThrow(DangkyError);
    expect(() => parseResponse(Uint8Array.of(0x90))).toThrow(DangkyError);
  });

  it('splits data and status word', () => {
    const r = parseResponse(Uint8Array.of(0x01, 0x02, 0x90, 0x00));
    expect(r.sw).toBe(0x9000);
    expect(bytesToHex(r.data)).toBe('0102');
  });
});

describe('status words', () => {
  it.each([
    [0x9000, undefined],
    [0x6282, 'DK_ERR_CHIP_END_OF_FILE'],
    [0x6700, 'DK_ERR_CHIP_WRONG_LENGTH'],
    [0x6982, 'DK_ERR_CHIP_SECURITY_STATUS'],
    [0x6988, 'DK_ERR_CHIP_SM_OBJECTS'],
    [0x6a82, 'DK_ERR_CHIP_FILE_NOT_FOUND'],
    [0x6b00, 'DK_ERR_CHIP_WRONG_OFFSET'],
    [0x6c10, 'DK_ERR_CHIP_WRONG_LE'],
    [0x6300, 'DK_ERR_CHIP_ACCESS_DENIED'],
    [0x6f00, 'DK_ERR_CHIP_STATUS'],
  ])('%s → %s', (sw, code) => {
    expect(statusWordCode(sw)).toBe(code);
  });

  it('6Cxx tells the length the chip wants', () => {
    try {
      assertStatusOk(0x6c10);
      expect.unreachable();
    } catch (error) {
      expect((error as DangkyError).detail).toMatchObject({ sw: '6C10', expectedLength: 16 });
    }
  });
});

describe('BAC key info', () => {
  it('ICAO 9303-11 Appendix D.2: L898902C<369080619406236', () => {
    expect(bacKeyInfo({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' })).toBe('L898902C<369080619406236');
  });

  it('Vietnamese card: 9-digit MRZ field or the full 12-digit ID number (BRIEF §1.4)', () => {
    // BRIEF §1.3 synthetic MRZ: line 1 positions 6–14 "099012345", check digit 9.
    expect(mrzCheckDigit('099012345')).toBe(9);
    expect(bacKeyInfo({ documentNumber: '099012345', birthDate: '990515', expiryDate: '390515' })).toBe(
      '0990123459' + '9905153' + '3905151',
    ); // BRIEF §1.3 line 2: 9905153M3905151
    expect(bacKeyInfo({ documentNumber: '001099012345', birthDate: '990515', expiryDate: '390515' }).slice(0, 13)).toBe(
      `001099012345${mrzCheckDigit('001099012345')}`,
    );
  });
});
