import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlInteger, sqlText, type Db } from '../src/db/db.ts';
import { dbKind, freshDb } from './harness.ts';

/**
 * What a push sends with BEGIN and with COMMIT (`Db.transaction`'s `first` and `last`) is part of
 * its transaction: it sees what the transaction wrote, and when it fails, nothing of the
 * transaction stays.
 */
describe(`statements sent with BEGIN and with COMMIT (${dbKind})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
    await db.exec('CREATE TABLE ends (n int PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(() => db.close());
  const notes = async () =>
    (await db.query<{ n: number; note: string }>('SELECT n, note FROM ends ORDER BY n')).map((r) => `${r.n}:${r.note}`);

  it('runs `last`, made from what the transaction returned, inside it before the commit', async () => {
    const made = await db.transaction(
      async (tx) => {
        await tx.query('INSERT INTO ends (n, note) VALUES ($1, $2)', [1, 'in']);
        return 2;
      },
      {
        first: [`INSERT INTO ends (n, note) VALUES (0, ${sqlText("first's")})`],
        last: (n) => [`UPDATE ends SET note = note || '+last' WHERE n < ${sqlInteger(n)}`],
      },
    );
    expect(made).toBe(2);
    expect(await notes()).toEqual(["0:first's+last", '1:in+last']);
  });

  it('keeps nothing of the transaction when a statement sent with COMMIT fails', async () => {
    await expect(
      db.transaction(
        async (tx) => {
          await tx.query('INSERT INTO ends (n, note) VALUES ($1, $2)', [10, 'lost']);
        },
        { last: () => ['INSERT INTO ends (n, note) VALUES (1, ' + sqlText('duplicate key') + ')'] },
      ),
    ).rejects.toThrow();
    expect(await notes()).toEqual(["0:first's+last", '1:in+last']);
    // The connection is usable again afterwards.
    await db.transaction(async (tx) => tx.query('INSERT INTO ends (n, note) VALUES ($1, $2)', [11, 'after']), { last: () => [] });
    expect(await notes()).toContain('11:after');
  });

  it('writes only whole numbers and quoted texts into those statements', () => {
    expect(sqlInteger(42)).toBe('42');
    for (const bad of [1.5, Number.NaN, 2 ** 60, -Infinity]) expect(() => sqlInteger(bad)).toThrow();
    expect(sqlText("a'b")).toBe("'a''b'");
  });
});
