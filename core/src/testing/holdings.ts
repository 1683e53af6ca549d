import type { Holding } from '../gates/holding.ts';

/**
 * Test helper (not shipped code): an active token certificate a citizen already holds, from
 * VNPT at the book fair, to be changed field by field by the test that needs another one.
 */
export const heldCertificate = (over: Partial<Holding> = {}): Holding => ({
  registrationId: 'r-old',
  siteId: 'hcm-book-fair',
  kind: 'certificate',
  channel: 'token',
  providerId: 'vnpt',
  tokenSerial: 'TK-000123',
  certificateSerial: '5a1f0c',
  issuedAt: '2026-06-01T02:00:00.000Z',
  notAfter: '2027-06-01T02:00:00.000Z',
  revoked: false,
  eidResult: null,
  ...over,
});
