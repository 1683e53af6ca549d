import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { DangkyError } from '@dangky/core/errors';

/**
 * The pairing secret as the page keeps it: sealed (AES-256-GCM) under a key that only this
 * agent has, bound to the station id. The page says `hello` with the sealed form; the agent
 * opens it and compares the secret inside as before. A copy of the browser profile then holds
 * nothing that opens the agent's door or the page's rows without the live agent — the key file
 * is outside the profile, owner-only.
 */
export interface PairingVault {
  seal(secret: string): string;
  /** The secret inside, or null when the blob is not one this agent sealed for this station. */
  open(sealed: string): string | null;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The vault key in `path`, made (owner-only) on first use. */
export async function openPairingVault(path: string, stationId: string): Promise<PairingVault> {
  let key: Buffer;
  try {
    const handle = await open(path, 'wx', 0o600);
    key = randomBytes(KEY_BYTES);
    await handle.writeFile(key);
    await handle.datasync();
    await handle.close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    key = await readFile(path);
  }
  if (key.length !== KEY_BYTES) throw new DangkyError('DK_ERR_KEY_STORE_UNSAFE', { message: `${path} is not a ${KEY_BYTES}-byte key` });
  const aad = Buffer.from(`dangky-agent-pairing\0${stationId}`, 'utf8');
  return {
    seal(secret) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
      const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, data, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES + 1) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES)).setAAD(aad);
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}
