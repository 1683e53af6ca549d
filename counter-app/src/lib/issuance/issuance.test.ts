import { describe, expect, it } from 'vitest';
import type { RegistrationView } from '@dangky/core/protocol';
import { issuanceSubject, keyTypeFor } from './issuance-subject.ts';

const withAddress = (address: string) =>
  ({ draft: { identity: { fullName: 'Trần Thị Ánh Tuyết', idNumber: '079190000501', address } } }) as unknown as RegistrationView;

describe('issuanceSubject', () => {
  it.each([
    ['12 Lê Lợi, phường Bến Thành, TP. Hồ Chí Minh', 'TP. Hồ Chí Minh'],
    ['Thôn 3, xã Tân Lập, Đắk Lắk ', 'Đắk Lắk'],
    ['Số 1 Ngõ Thử', 'Số 1 Ngõ Thử'],
    ['Số 1 Ngõ Thử, ,', 'Số 1 Ngõ Thử'],
  ])('takes the province from %j → %j', (address, province) => {
    expect(issuanceSubject(withAddress(address))).toEqual({ fullName: 'Trần Thị Ánh Tuyết', idNumber: '079190000501', province });
  });
});

describe('keyTypeFor', () => {
  it('uses RSA-2048 unless the provider profile says P-256', () => {
    expect(keyTypeFor('vnpt')).toBe('rsa2048');
    expect(keyTypeFor('misa')).toBe('p256');
    expect(keyTypeFor('unknown')).toBe('rsa2048');
  });
});
