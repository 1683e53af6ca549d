import { registrationDraft } from '../schemas/registration.ts';
import type { HandedOffRegistration } from '../handoff/ticket-content.ts';

/**
 * Registrations as a ticket's seal carries them (test data, not shipped code): an ordinary one and
 * one with every printed field near its longest, so the tests and the size figures measure the
 * codes a booth will really print.
 */
const base = {
  registrationId: '019af0a1-7c2b-7d3e-9f40-1a2b3c4d5e6f',
  siteId: 'hcm-ben-thanh',
  consent: { given: true, textVersion: 'consent-2026.1', purposes: ['registration', 'provider-transfer'], at: '2026-12-05T09:41:20+07:00' },
  ticket: { number: 'A-042', day: '2026-12-05' },
  language: 'vi',
};

/** A chip-read token registration with a ward address and an e-mail. */
export const typicalHandoff: HandedOffRegistration = {
  kioskDeviceId: 'kiosk-79-ben-thanh-01',
  submittedAt: '2026-12-05T09:41:27.513+07:00',
  draft: registrationDraft.parse({
    ...base,
    service: { kind: 'digital-signature', channel: 'token', providerId: 'vnpt' },
    identity: {
      idNumber: '079199012345',
      fullName: 'Nguyễn Thị Phương Thảo',
      birthDate: '1999-05-15',
      sex: 'F',
      address: 'Số 123/45 đường Nguyễn Thị Minh Khai, Phường Bến Thành, Thành phố Hồ Chí Minh',
      source: 'chip',
      assurance: 'chip-verified',
      issueDate: '2021-08-20',
      expiryDate: '2039-05-15',
      documentNumber: '079199012345',
    },
    contact: { phone: '0912345678', email: 'phuong.thao.nguyen@example.vn' },
  }),
};

/** A manual e-ID registration with no e-mail: the smallest ticket. */
export const shortHandoff: HandedOffRegistration = {
  kioskDeviceId: 'kiosk-79-ben-thanh-01',
  submittedAt: '2026-12-05T09:45:02.001+07:00',
  draft: registrationDraft.parse({
    ...base,
    service: { kind: 'eid-level2' },
    identity: {
      idNumber: '001085004321',
      fullName: 'Lê Văn Nam',
      birthDate: '1985-01-02',
      sex: 'M',
      address: 'Thôn 3, Xã Tân Phú, Tỉnh Đồng Nai',
      source: 'manual',
      assurance: 'declared',
    },
    contact: { phone: '0987654321' },
  }),
};

/** Long name, a long rural address with every diacritic, a long e-mail: near the worst a booth prints. */
export const longHandoff: HandedOffRegistration = {
  kioskDeviceId: 'kiosk-79-ben-thanh-02',
  submittedAt: '2026-12-05T16:12:45.999+07:00',
  draft: registrationDraft.parse({
    ...base,
    service: { kind: 'digital-signature', channel: 'remote', providerId: 'viettel' },
    identity: {
      idNumber: '079301098765',
      fullName: 'Tôn Nữ Hoàng Thị Ngọc Diễm Khuê Trịnh Phương',
      birthDate: '2001-12-31',
      sex: 'F',
      address:
        'Tổ dân phố Khương Thượng 12, Ấp Bình Hưng Hòa Đông, Xã Vĩnh Lộc Thượng, Huyện Bình Chánh, Thành phố Hồ Chí Minh, gần chợ Đầu Mối Nông Sản Thủ Đức',
      source: 'chip',
      assurance: 'chip-verified',
      issueDate: '2021-06-30',
      expiryDate: '2041-12-31',
      documentNumber: '079301098765',
      oldIdNumber: '025123456',
    },
    contact: { phone: '0356789012', email: 'ton.nu.hoang.thi.ngoc.diem.khue@truong-dai-hoc.edu.vn' },
  }),
};
