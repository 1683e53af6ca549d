import type { Provider, Site } from '../schemas/reference.ts';

/**
 * Demo reference data: one city (Hồ Chí Minh, province code 79) with two sites, and a
 * provider catalogue. Which providers take part in a campaign varies (BRIEF §3), so the
 * catalogue is data the server seeds and devices pull — never a list compiled into an app.
 * Commune codes are from the 2025 administrative-unit list (Decision 19/2025/QĐ-TTg).
 */
export const demoProviders: Provider[] = [
  { id: 'vnpt', name: 'VNPT', product: 'VNPT SmartCA', channels: ['remote', 'token'], active: true },
  { id: 'viettel', name: 'Viettel', product: 'Viettel MySign', channels: ['remote', 'token'], active: true },
  { id: 'misa', name: 'MISA', product: 'MISA eSign', channels: ['remote'], active: true },
  { id: 'bkav', name: 'BKAV', product: 'BKAV-CA', channels: ['token'], active: true },
  { id: 'fpt', name: 'FPT', product: 'FPT-CA', channels: ['remote', 'token'], active: true },
];

export const demoSites: Site[] = [
  { id: 'hcm-ben-thanh', name: 'UBND phường Bến Thành', kind: 'office', provinceCode: '79', communeCode: '26743' },
  { id: 'hcm-book-fair', name: 'Gian hàng Hội sách TP.HCM', kind: 'event-booth', provinceCode: '79', communeCode: '26740' },
];

/** The consent text version the kiosk shows; bump it when the wording changes. */
export const CONSENT_TEXT_VERSION = 'consent-2026.1';
