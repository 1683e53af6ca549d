import type { ErrorCode } from '@dangky/core/errors';
import type { IdentityMarker } from './identity-marker.ts';

/**
 * What the server does at start with the storage it finds: pure decisions over what the marker
 * file, the data folder and the database say, so every case is one row of a table test. I/O lives
 * in open-storage.ts.
 *
 * `STORAGE_INIT` is the operator's explicit word: `new` begins a new empty database even though
 * the marker says one existed (a PGlite folder is set aside, never deleted), `adopt` takes the
 * database as found — a backup restored on purpose — and writes its identity into the file.
 */
export type StorageInit = 'new' | 'adopt' | undefined;

/** A PGlite folder: not there, there but empty, files without PG_VERSION, or a database. PostgreSQL: `external`. */
export type FolderState = 'absent' | 'empty' | 'no-version' | 'present' | 'external';

export type Refusal = { refuse: ErrorCode; reason: string };

export function judgeFolder(input: {
  marker: IdentityMarker | undefined;
  folder: FolderState;
  init: StorageInit;
}): { open: 'as-is' | 'set-aside' } | Refusal {
  const { marker, folder, init } = input;
  if (init === 'new') return { open: folder === 'no-version' || folder === 'present' ? 'set-aside' : 'as-is' };
  // PGlite finding files but no PG_VERSION initialises a new database over them, silently.
  if (folder === 'no-version') return { refuse: 'DK_ERR_STORAGE_DAMAGED', reason: 'the database folder has files but no PG_VERSION' };
  if (marker && (folder === 'absent' || folder === 'empty'))
    return {
      refuse: 'DK_ERR_STORAGE_MISSING',
      reason: `the marker file says database ${marker.databaseId} was here; the folder is ${folder}`,
    };
  return { open: 'as-is' };
}

export function judgeDatabase(input: {
  marker: IdentityMarker | undefined;
  row: { databaseId: string } | undefined;
  /** The newest migration the database had before this start migrated it. */
  schemaVersion: string | undefined;
  init: StorageInit;
}): { use: 'initialise' | 'as-is' } | Refusal {
  const { marker, row, schemaVersion, init } = input;
  if (!row) {
    if (!marker || init === 'new') return { use: 'initialise' };
    return {
      refuse: 'DK_ERR_STORAGE_MISSING',
      reason: `the marker file names database ${marker.databaseId}; the database has no identity (it is empty or new)`,
    };
  }
  if (!marker || init) return { use: 'as-is' };
  if (row.databaseId !== marker.databaseId)
    return {
      refuse: 'DK_ERR_STORAGE_MARKER_MISMATCH',
      reason: `the marker file names database ${marker.databaseId}; this is database ${row.databaseId}`,
    };
  if (schemaVersion === undefined || schemaVersion < marker.schemaVersion)
    return {
      refuse: 'DK_ERR_STORAGE_MARKER_MISMATCH',
      reason: `the database's schema is ${schemaVersion ?? 'none'}, older than ${marker.schemaVersion} this server last saw (restored from an older backup?)`,
    };
  return { use: 'as-is' };
}
