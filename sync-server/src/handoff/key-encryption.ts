import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The key that seals the sites' private hand-off keys at rest: 32 random bytes in a file outside
 * the database (`HANDOFF_KEY_FILE`, default `<DATA_DIR>/handoff-kek`, created mode 0600 on first
 * start). A copy of the database alone opens no ticket. Every replica of a cluster reads the
 * same file.
 */
export async function loadKeyEncryptionKey(path: string): Promise<Buffer> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte key`);
  return key;
}

/** `iv.tag.ciphertext` in base64url, the site and key id bound as associated data. */
export function sealPrivateKey(kek: Buffer, privateKey: string, binding: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv).setAAD(Buffer.from(binding));
  const body = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function openPrivateKey(kek: Buffer, sealed: string, binding: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', kek, iv!).setAAD(Buffer.from(binding));
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}
