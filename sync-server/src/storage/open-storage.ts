import { readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { ensureEventPartitions } from '../db/event-partitions.ts';
import { openPglite } from '../db/pglite.ts';
import { openPostgres } from '../db/postgres.ts';
import { checkProjections } from './check-projections.ts';
import { prepareDataDir, restrictTree, DATA_FILE_MODE } from './data-dir.ts';
import {
  ensureMarkerRow,
  readMarkerFile,
  readMarkerRow,
  schemaVersionOf,
  writeMarkerFile,
  type IdentityMarker,
} from './identity-marker.ts';
import { judgeDatabase, judgeFolder, type FolderState, type Refusal, type StorageInit } from './judge-storage.ts';
import { scanPages } from './scan-pages.ts';
import { chmod } from 'node:fs/promises';

/**
 * Opens the server's database the way main.ts needs it: DATA_DIR made and owner-only, the
 * identity marker checked in the folder and in the database before anything is written, then
 * migrated, the projections checked against the events and (by default on PGlite) every page
 * read; a database that is gone, damaged or another one is refused with its code, the reason and
 * the operator's next step (the registry's message) — never opened as if new.
 *
 * Where the marker file lives: PGlite's beside its folder (DATA_DIR/storage-identity.json). A
 * PostgreSQL server's data lives on another machine and its replicas are stateless and many, so a
 * file per replica would say nothing about the database; there the row inside it is the marker,
 * and STORAGE_MARKER_FILE names a file for a single server that does keep state (its DATA_DIR
 * holds the key files already) and wants "this database emptied or swapped" caught too.
 */
export interface StorageOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL: the pool's connections (openPostgres' default when absent). */
  poolMax?: number;
  /** PostgreSQL only: the marker file (none by default, see above). */
  markerFile?: string;
  init?: StorageInit;
  /** Read every page at start (default: on PGlite, off on PostgreSQL whose database may be a nation's). */
  scan?: boolean;
  log?: (message: string, detail: Record<string, unknown>) => void;
}

export interface OpenedStorage {
  db: Db;
  identity: IdentityMarker;
  /** The marker file, when there is one. */
  markerFile: string | undefined;
  /** The folder whose free space decides whether writes can go on (PGlite's), when local. */
  localFolder: string | undefined;
}

export const MARKER_FILE_NAME = 'storage-identity.json';
export const PGLITE_FOLDER = 'pglite';

export async function openStorage(options: StorageOptions): Promise<OpenedStorage> {
  const { dataDir, databaseUrl, init, log = () => {} } = options;
  await prepareDataDir(dataDir);
  const pgliteDir = join(dataDir, PGLITE_FOLDER);
  const markerFile = databaseUrl ? options.markerFile : join(dataDir, MARKER_FILE_NAME);
  const marker = markerFile ? await readMarkerFile(markerFile) : undefined;
  const folder: FolderState = databaseUrl ? 'external' : await folderState(pgliteDir);

  const folderVerdict = judgeFolder({ marker, folder, init });
  if ('refuse' in folderVerdict) throw refusal(folderVerdict);
  if (folderVerdict.open === 'set-aside') {
    const aside = `${pgliteDir}.set-aside-${new Date().toISOString().replaceAll(':', '-')}`;
    await rename(pgliteDir, aside);
    log('storage: the old database folder was set aside (STORAGE_INIT=new)', { aside });
  }

  let db: Db;
  try {
    db = databaseUrl ? await openPostgres(databaseUrl, { max: options.poolMax }) : await openPglite(pgliteDir, { dataChecksums: true });
  } catch (err) {
    if (databaseUrl) throw err;
    throw new DangkyError('DK_ERR_STORAGE_DAMAGED', {
      cause: err,
      detail: { reason: `PGlite could not open the folder: ${(err as Error).message}` },
    });
  }
  try {
    const verdict = judgeDatabase({ marker, row: await readMarkerRow(db), schemaVersion: await schemaVersionOf(db), init });
    if ('refuse' in verdict) throw refusal(verdict);
    await migrate(db);
    await ensureEventPartitions(db);
    const findings = [
      ...(await checkProjections(db).catch((err: unknown) => [`projections: ${(err as Error).message}`])),
      ...((options.scan ?? !databaseUrl) ? await scanPages(db) : []),
    ];
    if (findings.length > 0) throw refusal({ refuse: 'DK_ERR_STORAGE_DAMAGED', reason: findings.join('; ') });
    const row = await ensureMarkerRow(db);
    const identity: IdentityMarker = {
      databaseId: row.databaseId,
      schemaVersion: (await schemaVersionOf(db))!,
      createdAt: row.createdAt,
      db: db.kind,
    };
    if (marker && init) log(`storage: marker rewritten (STORAGE_INIT=${init})`, { was: marker.databaseId, now: identity.databaseId });
    if (markerFile) await writeMarkerFile(markerFile, identity);
    if (!databaseUrl) await restrictDataDir(dataDir, pgliteDir);
    return { db, identity, markerFile, localFolder: databaseUrl ? undefined : pgliteDir };
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
}

const refusal = ({ refuse, reason }: Refusal) => new DangkyError(refuse, { detail: { reason } });

async function folderState(dir: string): Promise<FolderState> {
  const entries = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (entries === undefined) return 'absent';
  if (entries.length === 0) return 'empty';
  const version = await stat(join(dir, 'PG_VERSION')).catch(() => undefined);
  return version?.isFile() && version.size > 0 ? 'present' : 'no-version';
}

/** The database folder's files 0600 and folders 0700, and DATA_DIR's own files (keys, secrets) 0600. */
async function restrictDataDir(dataDir: string, pgliteDir: string): Promise<void> {
  await restrictTree(pgliteDir);
  for (const entry of await readdir(dataDir, { withFileTypes: true }))
    if (entry.isFile()) await chmod(join(dataDir, entry.name), DATA_FILE_MODE);
}
