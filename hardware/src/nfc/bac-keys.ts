import { DangkyError } from '@dangky/core/errors';
import type { BacKeyInput } from '@dangky/core/icao';

/** A 12-digit ID number opens with its last 9 digits (the MRZ field) first, then all 12 (BRIEF §1.4). */
export function mrzKeysFrom(text: string): BacKeyInput[] {
  const [doc = '', birthDate = '', expiryDate = ''] = text.split(',').map((s) => s.trim().toUpperCase());
  if (!/^[0-9A-Z<]{1,12}$/.test(doc) || !/^\d{6}$/.test(birthDate) || !/^\d{6}$/.test(expiryDate)) {
    throw new DangkyError('DK_ERR_VALIDATION', { message: '--mrz-key must be docNo,birthYYMMDD,expiryYYMMDD' });
  }
  const docs = /^\d{12}$/.test(doc) ? [doc.slice(3), doc] : [doc];
  return docs.map((documentNumber) => ({ documentNumber, birthDate, expiryDate }));
}
