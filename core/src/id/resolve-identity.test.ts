import { describe, expect, it } from 'vitest';
import { buildTd1 } from './build-mrz.ts';
import { noReadings, withReading } from './card-readings.ts';
import {
  editForm,
  emptyCapture,
  fillFromChip,
  fillFromMrz,
  fillFromQr,
  formValues,
  mrzNameMatch,
  withMrzName,
  type IdentityCapture,
  type IdentityForm,
} from './identity-form.ts';
import { parseMrz } from './mrz.ts';
import type { ChipReading } from './provenance.ts';
import { parseQr } from './qr.ts';
import { resolveIdentity } from './resolve-identity.ts';

/**
 * The identity step's rules as a table: what the citizen did (readings, edits) → where the
 * identity came from, how far it is trusted, and the provenance staff see. Synthetic people only.
 */

const today = '2026-11-29';
const qr = parseQr('079305001234||Trần Thị Thanh Linh|02012005|Nữ|Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh|01072024');
const otherQr = parseQr('001099012345||Đặng Văn Đức|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021');
const td1 = (givenNames: string) =>
  parseMrz(
    buildTd1({
      issuingState: 'VNM',
      idNumber: '079305001234',
      birthDate: '2005-01-02',
      sex: 'F',
      expiryDate: '2030-01-02',
      nationality: 'VNM',
      surname: 'TRAN',
      givenNames,
    }),
    { today },
  );
const mrz = { result: td1('THI THANH LINH'), corrections: [] };
const chipIdentity = {
  idNumber: '079305001234',
  fullName: 'Trần Thị Thanh Linh',
  birthDate: '2005-01-02',
  sex: 'F',
  address: 'Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh',
  expiryDate: '2030-01-02',
};
const chip: ChipReading = { verdict: 'verified', identity: chipIdentity };
const typed: Partial<IdentityForm> = {
  idNumber: '079305001234',
  fullName: 'Trần Thị Thanh Linh',
  birthDay: '2',
  birthMonth: '1',
  birthYear: '2005',
  sex: 'F',
  address: 'Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh',
};

type Step = (c: IdentityCapture) => IdentityCapture;
const type =
  (changes: Partial<IdentityForm>): Step =>
  (c) =>
    editForm(c, changes);
const scanQr =
  (q = qr): Step =>
  (c) =>
    fillFromQr(c, q);
const readChip =
  (reading: ChipReading = chip): Step =>
  (c) =>
    fillFromChip(c, reading);
const readMrz =
  (reading = mrz): Step =>
  (c) =>
    fillFromMrz(c, reading);
const run = (...steps: Step[]) => steps.reduce((c, s) => s(c), emptyCapture());

describe('resolveIdentity — source and assurance', () => {
  it.each<[string, Step[], string, string]>([
    ['everything typed', [type(typed)], 'manual', 'declared'],
    ['a card QR, unchanged', [scanQr()], 'qr', 'declared'],
    ['a card QR, the address then changed', [scanQr(), type({ address: 'Số 3 Đường Khác' })], 'manual', 'declared'],
    ['a card QR, a field changed and changed back', [scanQr(), type({ fullName: 'X' }), type({ fullName: qr.fullName })], 'qr', 'declared'],
    ['a verified chip, unchanged', [readChip()], 'chip', 'chip-verified'],
    ['a chip whose signature could not be checked, unchanged', [readChip({ ...chip, verdict: 'not-verified' })], 'chip', 'declared'],
    ['a chip that failed passive authentication, unchanged', [readChip({ ...chip, verdict: 'failed' })], 'chip', 'declared'],
    ['a verified chip, the name then changed', [readChip(), type({ fullName: 'Trần Thị Linh' })], 'manual', 'declared'],
    [
      'a verified chip without an address, the address typed before the read',
      [type({ address: 'Số 9' }), readChip({ ...chip, identity: { ...chipIdentity, address: undefined } })],
      'chip',
      'chip-verified',
    ],
    [
      'the MRZ, the name typed with its diacritics',
      [readMrz(), type({ fullName: 'Trần Thị Thanh Linh', address: 'Số 9' })],
      'mrz',
      'declared',
    ],
    ['the MRZ, its own name taken over', [readMrz(), withMrzName, type({ address: 'Số 9' })], 'mrz', 'declared'],
    ['the MRZ, another name typed', [readMrz(), type({ fullName: 'Trần Văn Linh', address: 'Số 9' })], 'manual', 'declared'],
    ['the MRZ, the name left empty', [readMrz(), type({ address: 'Số 9' })], 'manual', 'declared'],
    ['the MRZ, the birth day then changed', [readMrz(), type({ fullName: 'Trần Thị Thanh Linh', birthDay: '03' })], 'manual', 'declared'],
    [
      'the MRZ with a name cut to fit, the full name typed',
      [
        readMrz({ result: td1('THI THANH LINH NGUYEN PHUONG HOANG ANH'), corrections: [] }),
        type({ fullName: 'Trần Thị Thanh Linh Nguyễn Phương Hoàng Anh' }),
      ],
      'mrz',
      'declared',
    ],
    ['the MRZ, then the chip of the same card, unchanged', [readMrz(), readChip()], 'chip', 'chip-verified'],
    ['a QR, then the MRZ of the same card, unchanged', [scanQr(), readMrz()], 'qr', 'declared'],
    ['a chip, then a QR', [readChip(), scanQr()], 'qr', 'declared'],
    ['a QR, then the chip', [scanQr(), readChip()], 'chip', 'chip-verified'],
    ['a QR of another card, then the right QR', [scanQr(otherQr), scanQr()], 'qr', 'declared'],
  ])('%s → %s, %s', (_what, steps, source, assurance) => {
    const resolved = resolveIdentity(run(...steps), today);
    expect([resolved.source, resolved.assurance]).toEqual([source, assurance]);
  });
});

describe('resolveIdentity — values and provenance', () => {
  it('submits the digits of the ID number and the birth date from its three boxes (\u2019\u2019 while incomplete)', () => {
    expect(formValues({ ...emptyCapture().form, ...typed, idNumber: '0793 0500 1234', birthDay: '7', birthMonth: '3' })).toMatchObject({
      idNumber: '079305001234',
      birthDate: '2005-03-07',
    });
    expect(formValues({ ...emptyCapture().form, ...typed, birthYear: '205' }).birthDate).toBe('');
  });

  it('marks each field with its reading, and an edited one with the reading it replaced', () => {
    const { provenance } = resolveIdentity(run(scanQr(), type({ address: 'Số 3 Đường Khác' })), today);
    expect(provenance?.fields).toMatchObject({
      idNumber: { source: 'qr', edited: false },
      fullName: { source: 'qr', edited: false },
      address: { source: 'manual', edited: true, editedFrom: 'qr' },
    });
  });

  it('compares QR and MRZ of the same card whichever came first, and keeps what the MRZ corrected', () => {
    const checks = (c: IdentityCapture) =>
      resolveIdentity(c, today).provenance!.checks.map((x) => `${x.outcome}:${x.check}:${x.detail?.sources ?? x.detail?.source ?? ''}`);
    for (const capture of [run(readMrz(), scanQr()), run(scanQr(), readMrz())]) {
      expect(checks(capture)).toContain('passed:sources-agree:qr/mrz');
      expect(checks(capture)).toContain('passed:mrz-check-digits:mrz');
    }
  });

  it('gives the chip’s verdict first; no value of the citizen goes into the provenance', () => {
    const { provenance } = resolveIdentity(run(readChip()), today);
    expect(provenance?.checks[0]).toEqual({ check: 'chip-passive-auth', outcome: 'passed', detail: { source: 'chip' } });
    expect(JSON.stringify(provenance)).not.toMatch(/079305|Trần|2005|Số 9/);
  });

  it('drops the chip’s reading when a QR or the MRZ fills the form, as the chip status resets', () => {
    for (const after of [scanQr(), readMrz()]) {
      const { provenance } = resolveIdentity(run(readChip(), after), today);
      expect(provenance?.checks.map((c) => c.check)).not.toContain('chip-passive-auth');
    }
  });

  it('nothing read: every field typed', () => {
    expect(resolveIdentity(run(type(typed)), today).provenance?.fields).toEqual({
      idNumber: { source: 'manual', edited: false },
      fullName: { source: 'manual', edited: false },
      birthDate: { source: 'manual', edited: false },
      sex: { source: 'manual', edited: false },
      address: { source: 'manual', edited: false },
    });
  });
});

describe('card readings', () => {
  it('a reading of another card replaces the earlier ones; a QR or MRZ read may drop the chip’s', () => {
    const m = mrz.result;
    expect(withReading(withReading(noReadings(), 'mrz', m), 'qr', otherQr)).toEqual({ chip: null, qr: otherQr, mrz: null });
    expect(withReading(withReading(noReadings(), 'chip', chip), 'qr', qr, ['chip'])).toEqual({ chip: null, qr, mrz: null });
    expect(withReading(withReading(noReadings(), 'qr', qr), 'chip', chip)).toEqual({ chip, qr, mrz: null });
  });

  it('the MRZ name against the typed one: empty, matching without diacritics, or not', () => {
    expect(mrzNameMatch(run(scanQr()))).toBeNull();
    expect(mrzNameMatch(run(readMrz()))).toBe('empty');
    expect(mrzNameMatch(run(readMrz(), type({ fullName: 'tran thi thanh linh' })))).toBe('yes');
    expect(mrzNameMatch(run(readMrz(), type({ fullName: 'Trần Thị Linh' })))).toBe('no');
    expect(run(readMrz(), withMrzName).form.fullName).toBe('Tran Thi Thanh Linh');
  });
});
