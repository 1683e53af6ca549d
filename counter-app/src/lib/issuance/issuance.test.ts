import { describe, expect, it } from 'vitest';
import type { RegistrationState } from '@dangky/core/events';
import type { Provider } from '@dangky/core/schemas';
import { issuanceSubject, tokenKeyTypesFor } from './issuance-subject.ts';

const withAddress = (address: string) =>
  ({ draft: { identity: { fullName: 'Trần Thị Ánh Tuyết', idNumber: '079190000501', address } } }) as unknown as RegistrationState;

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

describe('tokenKeyTypesFor', () => {
  const catalogue = [
    { id: 'vnpt', name: 'VNPT', product: 'VNPT SmartCA', channels: ['token'], active: true, keyTypes: { token: ['p256', 'rsa2048'] } },
    { id: 'misa', name: 'MISA', product: 'MISA eSign', channels: ['remote'], active: true, keyTypes: { remote: ['p256'] } },
  ] satisfies Provider[];
  const registration = (providerId: string) =>
    ({ draft: { service: { kind: 'digital-signature', channel: 'token', providerId } } }) as unknown as RegistrationState;
  it('offers the key types the catalogue lists for the provider’s tokens, in its order; none when it is not known', () => {
    expect(tokenKeyTypesFor(catalogue, registration('vnpt'))).toEqual(['p256', 'rsa2048']);
    expect(tokenKeyTypesFor(catalogue, registration('misa'))).toEqual([]);
    expect(tokenKeyTypesFor([], registration('vnpt'))).toEqual([]);
  });
});

describe('receiptJob', () => {
  it('carries the holder, the certificate, the how-to, the clerk and both signature lines, the ID number only masked, and parses as the protocol job', async () => {
    const { receiptPrintJob } = await import('@dangky/core/agent');
    const { receiptJob } = await import('./receipt-job.ts');
    const { vi } = await import('../i18n/vi.ts');
    const t = (key: string, values?: Record<string, string>) =>
      (key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], vi) as string).replace(
        /\{(\w+)\}/g,
        (_m, k: string) => values?.[k] ?? '',
      );
    const job = receiptJob({
      t,
      language: 'vi',
      siteName: 'Phường Bến Thành',
      subject: { fullName: 'Trần Thị Ánh Tuyết', idNumber: '079190000501', province: 'TP. Hồ Chí Minh' },
      receipt: {
        tokenSerial: 'a1b2c3d4e5f60718',
        keyType: 'rsa2048',
        certificateSerial: '5f3a9c0e11d24b7a',
        notBefore: '2026-11-22T02:00:00Z',
        notAfter: '2027-11-22T02:00:00Z',
        verified: true,
        algorithm: 'RSASSA-PKCS1-v1_5',
      },
      providerName: 'VNPT SmartCA',
      clerkName: 'Nguyễn Thị Lan',
      freeUntil: '2027-11-22',
      now: new Date('2026-11-22T02:58:00Z'),
    });
    expect(receiptPrintJob.parse(job)).toEqual(job);
    const text = JSON.stringify(job);
    expect(text).toContain('Trần Thị Ánh Tuyết');
    expect(text).toContain('5f3a9c0e11d24b7a');
    // The free period under the provider's programme terms.
    expect(text).toContain('Đến hết ngày 22/11/2027');
    expect(text).toContain('079******501');
    expect(text).not.toContain('079190000501');
    expect(job.howTo.join(' ')).toContain('Cổng Dịch vụ công quốc gia');
    // Issued by a named clerk; the citizen and the clerk sign on paper.
    expect(job.fields).toContainEqual({ label: 'Cán bộ cấp', value: 'Nguyễn Thị Lan' });
    expect(job.signatures).toEqual([
      { label: 'Công dân nhận token (ký, ghi họ tên)', name: 'Trần Thị Ánh Tuyết' },
      { label: 'Cán bộ cấp (ký, ghi họ tên)', name: 'Nguyễn Thị Lan' },
    ]);
  });
});
