import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import type { Db } from '../db/db.ts';
import { openPglite } from '../db/pglite.ts';
import { replayErasures, type ErasureLedger } from '../privacy/erasure-ledger.ts';
import { assertKekOfDatabase } from '../privacy/open-server-keys.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';
import { prepareDataDir } from './data-dir.ts';
import { openStorage, PGLITE_FOLDER } from './open-storage.ts';
import type { IdentityMarker } from './identity-marker.ts';

/**
 * Backups of an embedded (PGlite) server and their restore. A backup is PGlite's data folder as
 * a gzipped tarball, taken after a checkpoint and between two queries (PGlite runs one at a time),
 * so it is the database as of one moment — by the running server itself when it runs (asked
 * through its control socket, `control-socket.ts`), or by the command on a stopped server's
 * folder. It holds what the database holds: personal data only as ciphertext under data keys
 * wrapped by a KEK that is not in it (a key file or a token, never in the backup).
 *
 * A restore goes into an empty PGlite folder only, and does before any start what a start would
 * refuse to guess: it adopts the backup as this DATA_DIR's database (the identity marker is
 * rewritten, as STORAGE_INIT=adopt does), checks it as a start does (projections, every page),
 * checks that the server's keys are the ones it was written with, and replays the erasure ledger
 * — so a citizen whose data was erased after the backup was taken stays erased: the backup still
 * held the wrapped data key, and the replay destroys it again.
 */

/** Writes `db`'s backup to `file` (owner-only; written aside and renamed, so a file there is whole). */
export async function writeBackup(db: Db, file: string): Promise<{ bytes: number }> {
  if (!db.dumpDataDir) throw new DangkyError('DK_ERR_BACKUP_REFUSED', { detail: { reason: 'not an embedded database' } });
  // What the last transactions wrote reaches the data files, so the restore needs no recovery.
  await db.query('CHECKPOINT');
  const bytes = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
  const temp = `${file}.${randomBytes(4).toString('hex')}.part`;
  await writeFile(temp, bytes, { mode: 0o600, flag: 'wx' });
  try {
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  return { bytes: bytes.length };
}

export interface Restored {
  identity: IdentityMarker;
  /** Erasures of the ledger the backup had not yet made (destroyed again). */
  reErased: number;
}

/**
 * Restores `file` into `dataDir` (whose PGlite folder must be absent or empty) and prepares it
 * for the next start. `keys` and `ledger` are the server's own.
 */
export async function restoreBackup(options: {
  file: string;
  dataDir: string;
  keys: ServerKeys;
  ledger: ErasureLedger;
  log?: (message: string, detail: Record<string, unknown>) => void;
}): Promise<Restored> {
  const folder = join(options.dataDir, PGLITE_FOLDER);
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0)
    throw new DangkyError('DK_ERR_BACKUP_REFUSED', {
      detail: { reason: `${folder} is not empty: a backup is restored into an empty DATA_DIR only (move the old folder aside first)` },
    });
  let tarball: Buffer;
  try {
    tarball = await readFile(options.file);
  } catch (cause) {
    throw new DangkyError('DK_ERR_BACKUP_REFUSED', { cause, detail: { reason: `cannot read ${options.file}` } });
  }
  await prepareDataDir(options.dataDir);
  const unpacked = await openPglite(folder, { loadDataDir: new Blob([new Uint8Array(tarball)]) }).catch((cause: unknown) => {
    throw new DangkyError('DK_ERR_STORAGE_DAMAGED', {
      cause,
      detail: { reason: `the backup did not unpack: ${(cause as Error).message}` },
    });
  });
  await unpacked.close();
  const storage = await openStorage({ dataDir: options.dataDir, init: 'adopt', scan: true, ...(options.log ? { log: options.log } : {}) });
  try {
    await assertKekOfDatabase(storage.db, options.keys.kekId);
    const reErased = await replayErasures(storage.db, options.keys.kekId, options.ledger);
    return { identity: storage.identity, reErased };
  } finally {
    await storage.db.close();
  }
}
