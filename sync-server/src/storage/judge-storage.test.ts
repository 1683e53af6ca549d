import { describe, expect, it } from 'vitest';
import { judgeDatabase, judgeFolder, type FolderState, type StorageInit } from './judge-storage.ts';
import type { IdentityMarker } from './identity-marker.ts';

const marker: IdentityMarker = {
  databaseId: '0193a1b2-0000-7000-8000-000000000001',
  schemaVersion: '0023_storage_identity',
  createdAt: '2026-12-01T00:00:00.000Z',
  db: 'pglite',
};
const other = '0193a1b2-0000-7000-8000-000000000002';

describe('judgeFolder', () => {
  it.each<[string, IdentityMarker | undefined, FolderState, StorageInit, string]>([
    ['a first start: no marker, no folder', undefined, 'absent', undefined, 'as-is'],
    ['a first start into an empty folder', undefined, 'empty', undefined, 'as-is'],
    ['an existing database', marker, 'present', undefined, 'as-is'],
    ['a database from before markers', undefined, 'present', undefined, 'as-is'],
    ['PostgreSQL', marker, 'external', undefined, 'as-is'],
    ['the marker remembers data, the folder was emptied', marker, 'empty', undefined, 'DK_ERR_STORAGE_MISSING'],
    ['the marker remembers data, the folder is gone', marker, 'absent', undefined, 'DK_ERR_STORAGE_MISSING'],
    ['files without PG_VERSION', marker, 'no-version', undefined, 'DK_ERR_STORAGE_DAMAGED'],
    ['files without PG_VERSION, no marker', undefined, 'no-version', undefined, 'DK_ERR_STORAGE_DAMAGED'],
    ['STORAGE_INIT=new over an emptied folder', marker, 'empty', 'new', 'as-is'],
    ['STORAGE_INIT=new over a damaged folder: set aside', marker, 'no-version', 'new', 'set-aside'],
    ['STORAGE_INIT=new over a database: set aside', marker, 'present', 'new', 'set-aside'],
    ['STORAGE_INIT=adopt does not excuse an emptied folder', marker, 'empty', 'adopt', 'DK_ERR_STORAGE_MISSING'],
  ])('%s', (_, m, folder, init, expected) => {
    const verdict = judgeFolder({ marker: m, folder, init });
    expect('refuse' in verdict ? verdict.refuse : verdict.open).toBe(expected);
  });
});

describe('judgeDatabase', () => {
  it.each<[string, IdentityMarker | undefined, string | undefined, string | undefined, StorageInit, string]>([
    ['a first start', undefined, undefined, undefined, undefined, 'initialise'],
    ['a database from before markers', undefined, undefined, '0022_sign_in_failures', undefined, 'initialise'],
    ['the same database', marker, marker.databaseId, marker.schemaVersion, undefined, 'as-is'],
    ['the same database, migrated further by a newer release', marker, marker.databaseId, '0024_later', undefined, 'as-is'],
    ['the marker file was lost', undefined, marker.databaseId, marker.schemaVersion, undefined, 'as-is'],
    ['the database forgot everything', marker, undefined, undefined, undefined, 'DK_ERR_STORAGE_MISSING'],
    ['another database', marker, other, marker.schemaVersion, undefined, 'DK_ERR_STORAGE_MARKER_MISMATCH'],
    [
      'an older schema than the server saw',
      marker,
      marker.databaseId,
      '0022_sign_in_failures',
      undefined,
      'DK_ERR_STORAGE_MARKER_MISMATCH',
    ],
    ['another database, adopted', marker, other, marker.schemaVersion, 'adopt', 'as-is'],
    ['an older backup, adopted', marker, marker.databaseId, '0022_sign_in_failures', 'adopt', 'as-is'],
    ['a new database asked for', marker, undefined, undefined, 'new', 'initialise'],
    ['STORAGE_INIT=adopt does not excuse a database that forgot', marker, undefined, undefined, 'adopt', 'DK_ERR_STORAGE_MISSING'],
  ])('%s', (_, m, rowId, schemaVersion, init, expected) => {
    const verdict = judgeDatabase({ marker: m, row: rowId ? { databaseId: rowId } : undefined, schemaVersion, init });
    expect('refuse' in verdict ? verdict.refuse : verdict.use).toBe(expected);
  });
});
