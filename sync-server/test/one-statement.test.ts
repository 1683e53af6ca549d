import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../src/db/db.ts';
import { oneStatement, writeAsOne, type Statement } from '../src/db/one-statement.ts';
import { dbKind, freshDb } from './harness.ts';

const insert = (table: string, values: number[]): Statement => ({
  text: `INSERT INTO ${table} (n, at) SELECT v, nextval('one_order') FROM unnest($1::int[]) AS v`,
  params: [values],
});

describe(`writes sent as one statement (${dbKind})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
    await db.exec(`CREATE SEQUENCE one_order;
      CREATE TABLE one_a (n int PRIMARY KEY, at bigint NOT NULL);
      CREATE TABLE one_b (n int PRIMARY KEY CHECK (n < 100), at bigint NOT NULL)`);
  });
  afterAll(() => db.close());

  it('runs every part, in the order given, each with its own parameters', async () => {
    await db.exec('TRUNCATE one_a, one_b');
    await writeAsOne(db, [insert('one_b', [7, 8]), null, insert('one_a', [1]), insert('one_b', [9])]);
    const a = await db.query<{ n: number; at: number }>('SELECT n, at::int AS at FROM one_a');
    const b = await db.query<{ n: number; at: number }>('SELECT n, at::int AS at FROM one_b ORDER BY n');
    expect(b.map((r) => r.n)).toEqual([7, 8, 9]);
    expect(a.map((r) => r.n)).toEqual([1]);
    // The sequence is drawn as each part runs: the first part's rows come before the second's, and so on.
    expect(Math.max(b[0]!.at, b[1]!.at)).toBeLessThan(a[0]!.at);
    expect(a[0]!.at).toBeLessThan(b[2]!.at);
  });

  it('is one statement: a part the database refuses stores none of the others', async () => {
    await db.exec('TRUNCATE one_a, one_b');
    await expect(writeAsOne(db, [insert('one_a', [1, 2]), insert('one_b', [100])])).rejects.toMatchObject({ code: '23514' });
    expect(await db.query('SELECT n FROM one_a')).toEqual([]);
  });

  it('sends nothing for no part, and one part as it is', () => {
    expect(oneStatement([])).toBeNull();
    const only = insert('one_a', [1]);
    expect(oneStatement([only])).toBe(only);
  });
});

describe('parameter numbering', () => {
  it('gives each part its own run of parameters, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 8 }), (counts) => {
        const parts = counts.map((n, p) => ({
          text: Array.from({ length: n }, (_, i) => `$${i + 1}`).join(' '),
          params: Array.from({ length: n }, (_, i) => `${p}:${i}`),
        }));
        const one = oneStatement(parts)!;
        const used = [...one.text.matchAll(/\$(\d+)/g)].map((m) => one.params[Number(m[1]) - 1]);
        expect(used).toEqual(parts.flatMap((p) => p.params));
      }),
    );
  });
});
