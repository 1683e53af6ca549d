import pg from 'pg';
import type { Db, Queryable } from './db.ts';

// Dates and timestamps stay text: the server works in ISO strings and Ho Chi Minh days, and
// node-postgres' default Date conversion would shift `date` columns by the process time zone.
pg.types.setTypeParser(1082, (v) => v); // date
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
pg.types.setTypeParser(20, (v) => Number(v)); // int8 (counts and sequences stay far below 2^53)

/** A pool of `max` connections (8 serve a replica's requests; readiness checks keep one of their own). */
export async function openPostgres(connectionString: string, { max = 8 }: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      return (await c.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
