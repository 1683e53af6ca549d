import { describe, expect, it } from 'vitest';
import { DangkyError } from '../errors/index.ts';
import { buildTd1, type BuildTd1Input } from './build-mrz.ts';
import { correctMrz } from './correct-mrz.ts';
import { crossCheck, type CrossCheckSources } from './cross-check.ts';
import { parseMrz } from './mrz.ts';
import { parseQr } from './qr.ts';

/** QR vs MRZ vs the number vs typed entry, for synthetic people on both card generations. */

const today = '2026-11-29';
const mrzOf = (over: Partial<BuildTd1Input> = {}) =>
  parseMrz(
    buildTd1({
      issuingState: 'VNM',
      idNumber: '079305001234',
      birthDate: '2005-01-02',
      sex: 'F',
      expiryDate: '2030-01-02',
      nationality: 'VNM',
      surname: 'TRAN',
      givenNames: 'THI THANH LINH',
      ...over,
    }),
    { today },
  );
const qr = parseQr('079305001234|025123456|Trần Thị Thanh Linh|02012005|Nữ|Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh|01072024||||');
const codes = (sources: Omit<CrossCheckSources, 'today'>, on = today) =>
  crossCheck({ ...sources, today: on }).findings.map(
    (f) => `${f.severity}:${f.code}${f.detail?.field ? `:${f.detail.field}` : ''}${f.detail?.check ? `:${f.detail.check}` : ''}`,
  );

describe('crossCheck', () => {
  it('an agreeing card gives no findings and the number analysis', () => {
    const result = crossCheck({
      qr,
      mrz: mrzOf(),
      manual: { idNumber: '079305001234', fullName: 'tran thi thanh  linh', birthDate: '2005-01-02', sex: 'F' },
      today,
    });
    expect(result.findings).toEqual([]);
    expect(result.idNumber).toMatchObject({ provinceCode: '079', birthYear: 2005, sex: 'F' });
  });

  it('chip CCCD of the brief, with Đ in the name and an old CMND-less QR', () => {
    const q = parseQr('001099012345||Đặng Văn Đức|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021');
    const m = mrzOf({
      idNumber: '001099012345',
      birthDate: '1999-05-15',
      sex: 'M',
      expiryDate: '2039-05-15',
      surname: 'DANG',
      givenNames: 'VAN DUC',
    });
    expect(codes({ qr: q, mrz: m })).toEqual([]);
  });

  it.each([
    { name: 'QR and MRZ names differ', mrz: { givenNames: 'THI THANH LAN' }, expected: ['error:DK_ERR_ID_SOURCES_DISAGREE:fullName'] },
    { name: 'QR and MRZ birth dates differ', mrz: { birthDate: '2005-01-03' }, expected: ['error:DK_ERR_ID_SOURCES_DISAGREE:birthDate'] },
    { name: 'QR and MRZ sexes differ', mrz: { sex: 'M' as const }, expected: ['error:DK_ERR_ID_SOURCES_DISAGREE:sex'] },
    { name: 'two different cards', mrz: { idNumber: '079305001235' }, expected: ['error:DK_ERR_ID_SOURCES_DISAGREE:idNumber'] },
  ])('$name', ({ mrz, expected }) => {
    expect(codes({ qr, mrz: mrzOf(mrz) })).toEqual(expected);
  });

  it('an MRZ name cut to fit line 3 matches the start of the QR name', () => {
    const long = parseQr('079305001234||Tôn Thất Hoàng Thị Minh Nguyệt Khuê|02012005|Nữ|Số 9 Đường Mẫu|01072024');
    const m = mrzOf({ surname: 'TON THAT', givenNames: 'HOANG THI MINH NGUYET KHUE' });
    expect(m.fields.fullName).toBe('TON THAT HOANG THI MINH NGUYE');
    expect(m.fields.nameTruncated).toBe(true);
    expect(codes({ qr: long, mrz: m })).toEqual([]);
  });

  it('a cut MRZ name matches a full typed name too (the MRZ is compared before the typed entry)', () => {
    const m = mrzOf({ surname: 'TON THAT', givenNames: 'HOANG THI MINH NGUYET KHUE' });
    expect(codes({ mrz: m, manual: { fullName: 'Tôn Thất Hoàng Thị Minh Nguyệt Khuê' } })).toEqual([]);
    expect(codes({ mrz: m, manual: { fullName: 'Tôn Thất Hoàng Thị Minh' } })).toEqual(['warning:DK_ERR_ID_SOURCES_DISAGREE:fullName']);
  });

  it('the chip is a card reading: it disagreeing with the QR or MRZ is an error, with the typed entry a warning', () => {
    const chip = {
      idNumber: '079305001234',
      fullName: 'Trần Thị Thanh Linh',
      birthDate: '2005-01-02',
      sex: 'F' as const,
      expiryDate: '2030-01-02',
    };
    expect(codes({ chip, qr, mrz: mrzOf() })).toEqual([]);
    const detail = (sources: Omit<CrossCheckSources, 'today'>) =>
      crossCheck({ ...sources, today }).findings.map((f) => `${f.severity}:${f.detail?.field}:${f.detail?.sources ?? f.detail?.source}`);
    expect(detail({ chip: { ...chip, sex: 'M' }, qr, mrz: mrzOf(), manual: { sex: 'F' } })).toEqual([
      'warning:undefined:chip',
      'error:sex:chip/qr',
      'error:sex:chip/mrz',
      'warning:sex:chip/manual',
    ]);
    expect(codes({ chip: { ...chip, expiryDate: '2026-11-28' } })).toEqual(['error:DK_ERR_ID_CARD_EXPIRED']);
  });

  it('failed MRZ checks are errors naming the check', () => {
    const lines = [...mrzOf().lines];
    lines[1] = `${lines[1]?.slice(0, 6)}0${lines[1]?.slice(7)}`;
    expect(codes({ mrz: parseMrz(lines, { today }) })).toEqual([
      'error:DK_ERR_MRZ_CHECK_DIGIT:birthDate',
      'error:DK_ERR_MRZ_CHECK_DIGIT:composite',
    ]);
  });

  it('corrections are recorded as info', () => {
    const lines = [...mrzOf().lines];
    lines[0] = `${lines[0]?.slice(0, 5)}3O${lines[0]?.slice(7)}`;
    const corrected = correctMrz(lines);
    expect(codes({ mrz: parseMrz(corrected.lines, { today }), mrzCorrections: corrected.corrections })).toEqual([
      'info:DK_ERR_MRZ_CORRECTED:documentNumber',
    ]);
  });

  it('the number disagreeing with the birth year and sex is a warning only', () => {
    const q = parseQr('079305001234||Trần Thị Thanh Linh|02012004|Nam|Số 9 Đường Mẫu|01072024');
    expect(codes({ qr: q })).toEqual(['warning:DK_ERR_ID_NUMBER_BIRTH_YEAR', 'warning:DK_ERR_ID_NUMBER_SEX']);
  });

  it('typed entry differing from the card: warnings, except another ID number (error)', () => {
    expect(codes({ qr, manual: { fullName: 'Trần Thị Thanh Lan', birthDate: '2005-02-01', idNumber: '079305001243' } })).toEqual([
      'error:DK_ERR_ID_SOURCES_DISAGREE:idNumber',
      'warning:DK_ERR_ID_SOURCES_DISAGREE:fullName',
      'warning:DK_ERR_ID_SOURCES_DISAGREE:birthDate',
    ]);
  });

  it('expired card: error after the expiry date, none on it, none for 991231', () => {
    expect(codes({ mrz: mrzOf() }, '2030-01-03')).toEqual(['error:DK_ERR_ID_CARD_EXPIRED']);
    expect(codes({ mrz: mrzOf() }, '2030-01-02')).toEqual([]);
    const forever = mrzOf({ idNumber: '001158000001', birthDate: '1958-03-04', expiryDate: null });
    expect(codes({ mrz: forever }, '2098-01-01')).toEqual([]);
    expect(codes({ manual: { expiryDate: '2020-01-01' } })).toEqual(['error:DK_ERR_ID_CARD_EXPIRED']);
  });

  it('a birth date after today is an error', () => {
    expect(codes({ manual: { birthDate: '2027-01-01' } })).toEqual(['error:DK_ERR_ID_BIRTH_DATE_FUTURE']);
  });

  it('findings carry no personal data', () => {
    const result = crossCheck({ qr, mrz: mrzOf({ givenNames: 'THI THANH LAN', birthDate: '2005-01-03' }), today: '2031-01-01' });
    expect(JSON.stringify(result.findings)).not.toMatch(/079305|TRAN|Trần|2005|LINH/);
  });

  it('needs today', () => {
    expect(() => crossCheck({ qr, today: '29/11/2026' })).toThrow(DangkyError);
  });
});
