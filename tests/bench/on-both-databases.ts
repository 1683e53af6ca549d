import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite, openPostgres, type Db } from '@dangky/sync-server';
import { startPostgres } from '../setup/postgres.ts';

/**
 * Runs one server benchmark on PGlite on disk (as `npm start` runs it) and then on a throwaway
 * PostgreSQL, each on a fresh database; the run closes its database. Returns both results.
 */
export async function onBothDatabases<R>(run: (kind: 'pglite' | 'postgres', db: Db) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'dangky-bench-'));
  try {
    results.push(await run('pglite', await openPglite(join(dir, 'pglite'))));
    const pg = await startPostgres();
    try {
      results.push(await run('postgres', await openPostgres(pg.url)));
    } finally {
      await pg.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}
