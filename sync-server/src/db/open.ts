import { join } from 'node:path';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { ensureEventPartitions } from './event-partitions.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** PostgreSQL when DATABASE_URL is set, else embedded PGlite under DATA_DIR; migrated, with this month's events partitions. */
export async function openDb(env: { DATABASE_URL?: string; dataDir: string }): Promise<Db> {
  const db = env.DATABASE_URL ? await openPostgres(env.DATABASE_URL) : await openPglite(join(env.dataDir, 'pglite'));
  await migrate(db);
  await ensureEventPartitions(db);
  return db;
}
