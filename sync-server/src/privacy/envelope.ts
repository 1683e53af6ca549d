import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { DangkyError } from '@dangky/core/errors';

/**
 * Envelope encryption of a registration's personal data. Each registration has a data key of its
 * own (AES-256-GCM); the database keeps it only wrapped by the KEK, and every sealed value is bound
 * to its registration (associated data), so a sealed value copied onto another registration does
 * not open. Destroying the wrapped data key (retention) makes every copy of that registration's
 * personal data unreadable — in events, projections and backups — without deleting an event.
 *
 * Sealed text: `<prefix>.<base64url(iv 12 | ciphertext | tag 16)>`.
 */
export const IV = 12;
export const TAG = 16;

function seal(key: Buffer, plain: Buffer, aad: string): string {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV + TAG) throw new DangkyError('DK_ERR_STORED_ROW_INVALID');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
    return Buffer.concat([decipher.update(bytes.subarray(IV, bytes.length - TAG)), decipher.final()]);
  } catch (cause) {
    throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause });
  }
}

export const newDataKey = (): Buffer => randomBytes(32);

/** What a wrapped data key is bound to (GCM's associated data), with a key file's KEK or a token's. */
export const dataKeyAad = (registrationId: string): Buffer => Buffer.from(`dangky:data-key:v1:${registrationId}`, 'utf8');

export const wrapDataKey = (kek: Buffer, registrationId: string, dataKey: Buffer): string =>
  seal(kek, dataKey, `dangky:data-key:v1:${registrationId}`);

export const unwrapDataKey = (kek: Buffer, registrationId: string, wrapped: string): Buffer =>
  open(kek, wrapped, `dangky:data-key:v1:${registrationId}`);

export const PERSONAL_PREFIX = 'pd1.';

export const sealPersonal = (dataKey: Buffer, registrationId: string, value: unknown): string =>
  PERSONAL_PREFIX + seal(dataKey, Buffer.from(JSON.stringify(value), 'utf8'), `dangky:personal:v1:${registrationId}`);

export function openPersonal(dataKey: Buffer, registrationId: string, sealed: string): unknown {
  if (!sealed.startsWith(PERSONAL_PREFIX)) throw new DangkyError('DK_ERR_STORED_ROW_INVALID');
  return JSON.parse(open(dataKey, sealed.slice(PERSONAL_PREFIX.length), `dangky:personal:v1:${registrationId}`).toString('utf8'));
}

/** The keyed hash an ID number is looked up by (HMAC-SHA-256, hex): equal numbers meet, the number itself is never stored. */
export const citizenLookupMessage = (idNumber: string): Buffer => Buffer.from(`dangky:citizen:v1:${idNumber}`, 'utf8');

export const citizenLookupHash = (lookupKey: Buffer, idNumber: string): string =>
  createHmac('sha256', lookupKey).update(citizenLookupMessage(idNumber)).digest('hex');
