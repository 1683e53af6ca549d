import { describe, expect, it } from 'vitest';
import type { ChipReadResult } from '@dangky/core/agent';
import { buildTd1, parseMrz, parseQr } from '@dangky/core/id';
import { noReadings, provenanceOf, withReading } from './card-readings.ts';

/** The identity step's card readings → the provenance staff see (synthetic people only). */

const today = '2026-11-29';
const qr = parseQr('079305001234||Trần Thị Thanh Linh|02012005|Nữ|Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh|01072024');
const otherQr = parseQr('001099012345||Đặng Văn Đức|15051999|Nam|Số 1 Ngõ Thử, Phường X, Hà Nội|20042021');
const mrz = parseMrz(
  buildTd1({
    issuingState: 'VNM',
    idNumber: '079305001234',
    birthDate: '2005-01-02',
    sex: 'F',
    expiryDate: '2030-01-02',
    nationality: 'VNM',
    surname: 'TRAN',
    givenNames: 'THI THANH LINH',
  }),
  { today },
);
const chip: ChipReadResult = {
  access: 'PACE',
  verdict: 'verified',
  reason: 'ok',
  identity: {
    idNumber: '079305001234',
    fullName: 'Trần Thị Thanh Linh',
    birthDate: '2005-01-02',
    sex: 'F',
    address: 'Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh',
    expiryDate: '2030-01-02',
  },
  photo: null,
  totalMs: 900,
};
const form = {
  idNumber: '079305001234',
  fullName: 'Trần Thị Thanh Linh',
  birthDate: '2005-01-02',
  sex: 'F',
  address: 'Số 9 Đường Mẫu, Phường Y, TP. Hồ Chí Minh',
};

describe('card readings', () => {
  it('keeps readings of the same card, so QR and MRZ are compared whichever came first', () => {
    const r = withReading(withReading(noReadings(), 'mrz', mrz), 'qr', qr, ['chip']);
    expect(r.mrz).toBe(mrz);
    const checks = provenanceOf(r, form, today)!.checks.map(
      (c) => `${c.outcome}:${c.check}:${c.detail?.sources ?? c.detail?.source ?? ''}`,
    );
    expect(checks).toContain('passed:sources-agree:qr/mrz');
    expect(checks).toContain('passed:mrz-check-digits:mrz');
  });

  it('a reading of another card replaces the earlier ones; a QR or MRZ read drops the chip’s, as the form does', () => {
    expect(withReading(withReading(noReadings(), 'mrz', mrz), 'qr', otherQr)).toEqual({ chip: null, qr: otherQr, mrz: null });
    expect(withReading(withReading(noReadings(), 'chip', chip), 'qr', qr, ['chip'])).toEqual({ chip: null, qr, mrz: null });
    expect(withReading(withReading(noReadings(), 'qr', qr), 'chip', chip)).toEqual({ chip, qr, mrz: null });
  });

  it('the chip gives the fields and its verdict; nothing of the values goes into the provenance', () => {
    const p = provenanceOf(withReading(noReadings(), 'chip', chip), form, today)!;
    expect(p.fields.fullName).toEqual({ source: 'chip', edited: false });
    expect(p.checks[0]).toEqual({ check: 'chip-passive-auth', outcome: 'passed', detail: { source: 'chip' } });
    expect(JSON.stringify(p)).not.toMatch(/079305|Trần|2005|Số 9/);
  });

  it('nothing read: every field typed', () => {
    expect(provenanceOf(noReadings(), form, today)?.fields).toEqual({
      idNumber: { source: 'manual', edited: false },
      fullName: { source: 'manual', edited: false },
      birthDate: { source: 'manual', edited: false },
      sex: { source: 'manual', edited: false },
      address: { source: 'manual', edited: false },
    });
  });
});
