import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DangkyError } from '@dangky/core/errors';
import { fileErasureLedger } from '../privacy/erasure-ledger.ts';
import { erasureLedgerPath, keySourceFromEnv, openServerKeys } from '../privacy/open-server-keys.ts';
import { restoreBackup, writeBackup } from '../storage/backup.ts';
import { askRunningServer } from '../storage/control-socket.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { CliGroup } from './main.ts';

/**
 * `dangky-server backup <file>` and `dangky-server restore <file>` for an embedded (PGlite)
 * server — what they guarantee is in storage/backup.ts. A running server is asked to take the
 * backup itself (its control socket); a stopped one's folder is opened here. PostgreSQL is backed
 * up with its own tools (docs/deploy.md): these commands say so and stop.
 */
const usage = `usage:
  dangky-server backup <file>    the PGlite database as one file (the running server takes it, or the
                                 stopped server's folder is read); personal data in it stays sealed
  dangky-server restore <file>   into an empty DATA_DIR of a stopped server: adopts the backup, checks
                                 it, and erases again what the erasure ledger says was erased since`;

const POSTGRES = 'DATABASE_URL is set: back up PostgreSQL with pg_dump / pg_restore or pgBackRest (docs/deploy.md)';

export function dataDirOf(env: Record<string, string | undefined>): string {
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  return resolve(env.DATA_DIR ?? `${repoRoot}/.data`);
}

export const runBackup: CliGroup = async ([file, ...rest], io) => {
  if (!file || rest.length > 0) return (io.err(usage), 2);
  if (io.env.DATABASE_URL) return (io.err(POSTGRES), 2);
  const dataDir = dataDirOf(io.env);
  const target = resolve(file);
  const answer = await askRunningServer(dataDir, { op: 'backup', file: target });
  if (answer) {
    if (!answer.ok) throw new DangkyError('DK_ERR_BACKUP_REFUSED', { detail: { reason: `${answer.code}: ${answer.reason}` } });
    io.out(`backup written by the running server: ${target} (${answer.bytes ?? 0} bytes)`);
    return 0;
  }
  const storage = await openStorage({ dataDir, scan: false });
  try {
    const { bytes } = await writeBackup(storage.db, target);
    io.out(`backup written from the stopped server's folder: ${target} (${bytes} bytes, database ${storage.identity.databaseId})`);
    return 0;
  } finally {
    await storage.db.close();
  }
};

export const runRestore: CliGroup = async ([file, ...rest], io) => {
  if (!file || rest.length > 0) return (io.err(usage), 2);
  if (io.env.DATABASE_URL) return (io.err(POSTGRES), 2);
  const dataDir = dataDirOf(io.env);
  if (await askRunningServer(dataDir, { op: 'ping' }).then(Boolean, () => true))
    throw new DangkyError('DK_ERR_BACKUP_REFUSED', { detail: { reason: `a server is running on ${dataDir}: stop it first` } });
  const keys = await openServerKeys(await keySourceFromEnv(io.env, dataDir), { create: false });
  try {
    const restored = await restoreBackup({
      file: resolve(file),
      dataDir,
      keys,
      ledger: fileErasureLedger(erasureLedgerPath(io.env, dataDir)),
    });
    io.out(
      `restored database ${restored.identity.databaseId} (schema ${restored.identity.schemaVersion}) into ${dataDir}; ` +
        `${restored.reErased} erasure(s) made since the backup were made again; start the server`,
    );
    return 0;
  } finally {
    keys.close();
  }
};
