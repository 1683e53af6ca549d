import { DangkyError } from '../errors/index.ts';

/** No card text comes near this (a QR payload is ~300 bytes, an MRZ 90 characters): anything longer is refused before parsing. */
export const MAX_INPUT_BYTES = 1024;

const encoder = new TextEncoder();

/** Throws DK_ERR_ID_INPUT_TOO_LONG for text over MAX_INPUT_BYTES of UTF-8. */
export function assertBounded(text: string): void {
  // A UTF-16 unit is at least one UTF-8 byte, so a long string is refused without encoding it.
  if (text.length > MAX_INPUT_BYTES || encoder.encode(text).length > MAX_INPUT_BYTES) {
    throw new DangkyError('DK_ERR_ID_INPUT_TOO_LONG', { detail: { limitBytes: MAX_INPUT_BYTES } });
  }
}
