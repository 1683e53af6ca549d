import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/db.ts';
import { openStorage } from '../storage/open-storage.ts';
import type { CliIo } from './main.ts';

/** The server's database as main.ts finds it: DATABASE_URL, else PGlite under DATA_DIR (default <repo>/.data). */
export async function openCliDb(io: CliIo): Promise<Db> {
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  // The server's own checks of the identity marker (no page scan: the server does that at its start).
  const storage = await openStorage({
    databaseUrl: io.env.DATABASE_URL,
    dataDir: resolve(io.env.DATA_DIR ?? `${repoRoot}/.data`),
    markerFile: io.env.STORAGE_MARKER_FILE ? resolve(io.env.STORAGE_MARKER_FILE) : undefined,
    scan: false,
  });
  return storage.db;
}
