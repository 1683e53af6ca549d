import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/db.ts';
import { openDb } from '../db/open.ts';
import type { CliIo } from './main.ts';

/** The server's database as main.ts finds it: DATABASE_URL, else PGlite under DATA_DIR (default <repo>/.data). */
export function openCliDb(io: CliIo): Promise<Db> {
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  return openDb({ DATABASE_URL: io.env.DATABASE_URL, dataDir: resolve(io.env.DATA_DIR ?? `${repoRoot}/.data`) });
}
