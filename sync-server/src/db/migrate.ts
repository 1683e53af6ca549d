import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './db.ts';

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Advisory-lock key of the migrations (any constant; 'dangky:migrate' as an int4 hash). */
const MIGRATION_LOCK = 0x64_6b_6d_67;

/**
 * Applies `migrations/NNNN_name.sql` in order, each in its own transaction, recording it in
 * `schema_migrations`; a migration already recorded is skipped, so this runs at every start.
 * Several replicas may start at once (a cluster, a rolling deploy): each transaction first takes
 * one advisory lock and checks again whether another replica applied the migration meanwhile.
 */
export async function migrate(db: Db): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  });
  const files = (await readdir(migrationsDir)).filter((f) => /^\d{4}_[a-z0-9_-]+\.sql$/.test(f)).sort();
  let done = await appliedVersions(db);
  const applied: string[] = [];
  for (const file of files) {
    const version = file.slice(0, -4);
    if (done.has(version)) continue;
    const sql = await readFile(migrationsDir + file, 'utf8');
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      done = await appliedVersions(tx);
      if (done.has(version)) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
}

async function appliedVersions(q: Queryable): Promise<Set<string>> {
  return new Set((await q.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
}
