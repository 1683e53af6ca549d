import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable } from './db.ts';

/**
 * Embedded PostgreSQL; `dataDir` undefined keeps the database in memory (tests). `dataChecksums`
 * makes a new database with page checksums (initdb's --data-checksums), so a damaged page fails
 * its read instead of being served; PGlite has no pg_checksums, so an existing folder keeps what
 * it was made with.
 */
export async function openPglite(dataDir?: string, options: { dataChecksums?: boolean; loadDataDir?: Blob } = {}): Promise<Db> {
  const pg = await PGlite.create(dataDir, {
    ...(options.dataChecksums ? { initDbStartParams: ['--data-checksums'] } : {}),
    // A backup (dumpDataDir's tarball) unpacked into an empty folder instead of a new database.
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  return pgliteDb(pg);
}

/**
 * PGlite runs each query on this thread, and one query's end starts the next one waiting, in the
 * same turn of the event loop: under load the queries ran back to back and no request was read —
 * not even to be refused as busy — until devices timed out. Each query first lets the loop take
 * what arrived, so the load shedding sees the crowd and answers 503 with a retry-after.
 */
const letIoIn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The server's view of an open PGlite. */
export function pgliteDb(pg: PGlite): Db {
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      await letIoIn();
      return (await q.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await letIoIn();
      await q.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(pg),
    transaction: (fn, { first = [], last } = {}) =>
      pg.transaction(async (tx) => {
        const q = wrap(tx);
        if (first.length > 0) await q.exec(first.join(';\n'));
        const result = await fn(q);
        const end = last?.(result) ?? [];
        if (end.length > 0) await q.exec(end.join(';\n'));
        return result;
      }),
    close: () => pg.close(),
    dumpDataDir: () => pg.dumpDataDir('gzip'),
  };
}
