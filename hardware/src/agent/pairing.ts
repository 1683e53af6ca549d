import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DangkyError } from '@dangky/core/errors';

/**
 * The pairing secret: a shared string the page (kiosk, counter) sends in its `hello`. It is
 * compared in constant time over SHA-256 digests, so neither the content nor the length of the
 * expected secret leaks through timing. Never log it.
 */

/** Shortest secret the agent accepts (the `hello` schema allows 16–128 characters). */
export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 128;

export function secretsMatch(expected: string, offered: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(offered, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Reads a pairing secret file (trimmed). Rejects DK_ERR_VALIDATION when unreadable, too short or too long. */
export async function readPairingSecret(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DangkyError('DK_ERR_VALIDATION', { cause, message: `cannot read the pairing secret file ${file}` });
  }
  const secret = text.trim();
  if (secret.length < MIN_SECRET_LENGTH || secret.length > MAX_SECRET_LENGTH) {
    throw new DangkyError('DK_ERR_VALIDATION', {
      message: `the pairing secret must be ${MIN_SECRET_LENGTH}–${MAX_SECRET_LENGTH} characters (found ${secret.length})`,
    });
  }
  return secret;
}
