import { access, chmod, constants, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DangkyError } from '@dangky/core/errors';

/**
 * DATA_DIR holds the database files, the key files and the demo's secrets: only the server's
 * account may read or change them. PGlite writes its files through Node's fs with mode 0666 and
 * copies initdb's files in the same way, so a umask alone is not enough: the server narrows the
 * umask for what it creates from now on and walks the database folder at every start to close
 * what was made before (or by an older release). A missing DATA_DIR is created, and one the
 * account cannot use is refused with a code instead of a stack trace.
 */
export const DATA_FILE_MODE = 0o600;
export const DATA_DIR_MODE = 0o700;

export async function prepareDataDir(dataDir: string): Promise<void> {
  process.umask(0o077);
  try {
    await mkdir(dataDir, { recursive: true, mode: DATA_DIR_MODE });
    await chmod(dataDir, DATA_DIR_MODE);
    await access(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new DangkyError('DK_ERR_DATA_DIR_UNUSABLE', { cause: err, detail: { dataDir, reason: (err as NodeJS.ErrnoException).code } });
  }
}

/** Files 0600 and folders 0700 under `dir` (symbolic links are left alone: they point elsewhere). */
export async function restrictTree(dir: string): Promise<void> {
  const stat = await lstat(dir).catch(() => undefined);
  if (!stat) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== DATA_DIR_MODE) await chmod(dir, DATA_DIR_MODE);
    for (const entry of await readdir(dir)) await restrictTree(join(dir, entry));
  } else if (stat.isFile() && (stat.mode & 0o777) !== DATA_FILE_MODE) {
    await chmod(dir, DATA_FILE_MODE);
  }
}
