import { mkdir, stat } from 'node:fs/promises';
import { DangkyError } from '@dangky/core/errors';

/**
 * The directory where the agent keeps key material: created owner-only (0700), and refused —
 * like ssh refuses a readable private key — when it exists with access for the group or others
 * or belongs to another account. A key store another account can read protects nothing.
 */
export async function ownerOnlyDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const info = await stat(path);
  if (!info.isDirectory()) throw new DangkyError('DK_ERR_KEY_STORE_UNSAFE', { message: `${path} is not a directory` });
  const uid = process.getuid?.();
  if ((info.mode & 0o077) !== 0 || (uid !== undefined && info.uid !== uid))
    throw new DangkyError('DK_ERR_KEY_STORE_UNSAFE', {
      message: `${path} must belong to this account and allow no one else (mode 0700; found ${(info.mode & 0o777).toString(8)})`,
    });
}
