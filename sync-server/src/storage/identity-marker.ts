import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';
import { DATA_FILE_MODE } from './data-dir.ts';

/**
 * The identity marker: which database this is (a random id chosen when it was initialised) and
 * the schema it had, kept in two places — a row inside the database and a file beside it. Either
 * alone cannot tell "never had data" from "had data, now gone": an emptied folder or a new empty
 * database looks like a first start from inside. The file outlives what happens to the database,
 * so a file without the row (or with another id) means the data this server wrote is not there.
 */
export const identityMarker = z.object({
  databaseId: z.uuid(),
  /** The newest migration applied (`NNNN_name`). */
  schemaVersion: z.string().regex(/^\d{4}_[a-z0-9_-]+$/),
  createdAt: z.iso.datetime({ offset: true }),
  db: z.enum(['pglite', 'postgres']),
});
export type IdentityMarker = z.infer<typeof identityMarker>;

/** The marker file's content, `undefined` when there is none; a file that does not parse is damage. */
export async function readMarkerFile(path: string): Promise<IdentityMarker | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DangkyError('DK_ERR_STORAGE_DAMAGED', { cause: err, detail: { marker: path, reason: 'marker file unreadable' } });
  }
  const parsed = identityMarker.safeParse(
    (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success) throw new DangkyError('DK_ERR_STORAGE_DAMAGED', { detail: { marker: path, reason: 'marker file malformed' } });
  return parsed.data;
}

/** Written whole or not at all (a temporary file renamed over it), owner-only. */
export async function writeMarkerFile(path: string, marker: IdentityMarker): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(marker, null, 2) + '\n', { mode: DATA_FILE_MODE });
  await rename(tmp, path);
}

/** The row inside the database, `undefined` before the table exists (a database never initialised by us) or when it is empty. */
export async function readMarkerRow(q: Queryable): Promise<{ databaseId: string; createdAt: string } | undefined> {
  const [table] = await q.query<{ t: string | null }>(`SELECT to_regclass('storage_identity')::text AS t`);
  if (!table?.t) return undefined;
  const [row] = await q.query<{ database_id: string; created_at: string | Date }>('SELECT database_id, created_at FROM storage_identity');
  return row ? { databaseId: row.database_id, createdAt: new Date(row.created_at).toISOString() } : undefined;
}

/** The row, made when missing (a first start, or a database from before markers). */
export async function ensureMarkerRow(q: Queryable): Promise<{ databaseId: string; createdAt: string }> {
  await q.query('INSERT INTO storage_identity (database_id) VALUES ($1) ON CONFLICT (singleton) DO NOTHING', [randomUUID()]);
  const row = await readMarkerRow(q);
  if (!row) throw new Error('storage_identity row missing after insert');
  return row;
}

/** The newest migration the database has applied, `undefined` for a database never migrated. */
export async function schemaVersionOf(q: Queryable): Promise<string | undefined> {
  const [table] = await q.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table?.t) return undefined;
  const [row] = await q.query<{ v: string | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row?.v ?? undefined;
}
