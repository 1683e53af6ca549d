import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db, Queryable } from '../src/db/db.ts';
import { lookupsAsOne, transactionOf } from '../src/db/lookups-as-one.ts';
import { dbKind, freshDb } from './harness.ts';

describe(`look-ups made at once, sent as one statement (${dbKind})`, () => {
  let db: Db;
  const sent: string[] = [];
  const counted = (): Queryable => ({
    query: (sql, params) => {
      sent.push(sql);
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  });
  beforeAll(async () => {
    db = await freshDb();
    await db.exec(`CREATE TABLE look_a (n int PRIMARY KEY, name text NOT NULL);
      INSERT INTO look_a SELECT g, 'a' || g FROM generate_series(1, 50) g;
      CREATE TABLE look_b (n int PRIMARY KEY, at timestamptz NOT NULL);
      INSERT INTO look_b SELECT g, '2026-01-01T00:00:00Z'::timestamptz + g * interval '1 hour' FROM generate_series(1, 50) g`);
  });
  afterAll(() => db.close());

  it('answers each look-up with its own rows, in one statement — one made after an await still comes along', async () => {
    sent.length = 0;
    const look = lookupsAsOne(counted());
    const [a, b, c] = await Promise.all([
      look.query<{ n: number; name: string }>('SELECT n, name FROM look_a WHERE n = ANY($1::int[]) ORDER BY n', [[3, 1, 2]]),
      (async () => {
        await Promise.resolve();
        return look.query<{ n: number; at: string }>('SELECT n, at FROM look_b WHERE n > $1 AND n <= $2 ORDER BY n DESC', [47, 49]);
      })(),
      look.query<{ n: number }>('SELECT n FROM look_a WHERE n > $1', [1000]),
    ]);
    expect(sent).toHaveLength(1);
    expect(a).toEqual([
      { n: 1, name: 'a1' },
      { n: 2, name: 'a2' },
      { n: 3, name: 'a3' },
    ]);
    // A timestamp comes as JSON's text: the readers take it through `new Date`.
    expect(b.map((r) => [r.n, new Date(r.at).toISOString()])).toEqual([
      [49, '2026-01-03T01:00:00.000Z'],
      [48, '2026-01-03T00:00:00.000Z'],
    ]);
    expect(c).toEqual([]);
  });

  it('sends a look-up made alone as it is, with the rows the database gives', async () => {
    sent.length = 0;
    const look = lookupsAsOne(counted());
    const rows = await look.query<{ n: number }>('SELECT n FROM look_a WHERE n = $1', [7]);
    expect(rows).toEqual([{ n: 7 }]);
    expect(sent).toEqual(['SELECT n FROM look_a WHERE n = $1']);
  });

  it('fails every look-up of the statement when one fails', async () => {
    const look = lookupsAsOne(db);
    const results = await Promise.allSettled([
      look.query('SELECT n FROM look_a WHERE n = $1', [1]),
      look.query('SELECT n FROM look_missing WHERE n = $1', [1]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('leads back to its transaction, whose keys it shares', () => {
    expect(transactionOf(lookupsAsOne(lookupsAsOne(db)))).toBe(db);
    expect(transactionOf(db)).toBe(db);
  });

  it('is one per transaction: steps that each ask for their own still send their look-ups together', async () => {
    sent.length = 0;
    const tx = counted();
    expect(lookupsAsOne(tx)).toBe(lookupsAsOne(tx));
    const [a, b] = await Promise.all([
      lookupsAsOne(tx).query<{ n: number }>('SELECT n FROM look_a WHERE n = $1', [4]),
      lookupsAsOne(tx).query<{ n: number }>('SELECT n FROM look_b WHERE n = $1', [5]),
    ]);
    expect(sent).toHaveLength(1);
    expect([a, b]).toEqual([[{ n: 4 }], [{ n: 5 }]]);
  });

  it('gives any set of look-ups the rows each would get alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 6 }),
        async (asks) => {
          const alone = [];
          for (const [from, count] of asks)
            alone.push(await db.query('SELECT n, name FROM look_a WHERE n >= $1 AND n < $2 ORDER BY n', [from, from + count]));
          const look = lookupsAsOne(db);
          const together = await Promise.all(
            asks.map(([from, count]) => look.query('SELECT n, name FROM look_a WHERE n >= $1 AND n < $2 ORDER BY n', [from, from + count])),
          );
          expect(together).toEqual(alone);
        },
      ),
      { numRuns: 25 },
    );
  });
});
