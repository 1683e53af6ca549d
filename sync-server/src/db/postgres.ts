import pg from 'pg';
import type { Db, Queryable } from './db.ts';

// Dates and timestamps stay text: the server works in ISO strings and Ho Chi Minh days, and
// node-postgres' default Date conversion would shift `date` columns by the process time zone.
pg.types.setTypeParser(1082, (v) => v); // date
pg.types.setTypeParser(1184, (v) => new Date(v).toISOString()); // timestamptz
pg.types.setTypeParser(20, (v) => Number(v)); // int8 (counts and sequences stay far below 2^53)

/**
 * Statements with parameters are prepared once per connection and reused (node-postgres' named
 * statements): the server runs the same few dozen statements for every device, every 30 s, and
 * PostgreSQL spent as long planning each one as running it. Names are given to the first
 * `MAX_PREPARED` texts met; any others run unnamed as before, so SQL built with a varying text
 * cannot fill the connections' memory. (A connection pooler in transaction mode would not keep a
 * connection's prepared statements: the servers connect to PostgreSQL directly.)
 */
const MAX_PREPARED = 500;
const preparedNames = new Map<string, string>();
const statementName = (sql: string): string | undefined => {
  let name = preparedNames.get(sql);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `dk${preparedNames.size + 1}`;
    preparedNames.set(sql, name);
  }
  return name;
};

/**
 * A pool of `max` connections (8 unless told; readiness checks keep one of their own). More
 * connections than the database has cores to run them only take turns: with three servers on a
 * two-core primary, 8 each made the slowest requests several times slower than 2 each.
 */
export async function openPostgres(connectionString: string, { max = 8 }: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max });
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []) {
      // Without parameters a text may hold several statements, which only the simple protocol runs.
      const name = params.length > 0 ? statementName(sql) : undefined;
      return (await c.query(name ? { name, text: sql, values: params } : { text: sql, values: params })).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn, { first = [], last } = {}) {
      const client = await pool.connect();
      try {
        // One simple-protocol query of several statements: one round trip. Should one of them
        // fail, the rest of the text is not run and the transaction is rolled back below.
        await client.query(['BEGIN', ...first].join(';\n'));
        const result = await fn(wrap(client));
        await client.query([...(last?.(result) ?? []), 'COMMIT'].join(';\n'));
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
