import type { Queryable } from './db.ts';
import { readAsOne, type Read } from './one-statement.ts';

interface Waiting {
  read: Read<unknown[], unknown>;
  resolve(rows: unknown[]): void;
  reject(err: unknown): void;
}

const transactions = new WeakMap<Queryable, Queryable>();
const made = new WeakMap<Queryable, Queryable>();

/** The transaction a look-up wrapper sends through (`q` itself when it is none). */
export const transactionOf = (q: Queryable): Queryable => transactions.get(q) ?? q;

/**
 * A Queryable whose look-ups made at once — in the same turn of the event loop, as the gates of a
 * push do when they prepare side by side — go to the database as one statement (`readAsOne`),
 * each answered with its own rows. Every sync of every device runs them, and each round trip
 * costs the server and its database more than the look-up itself.
 *
 * Reads only: a write's RETURNING cannot go inside another statement. A look-up made alone goes
 * as it is; rows of look-ups sent together come as JSON gives them — timestamps as text, so the
 * readers take either (`new Date(v)`), as they take PGlite's Date objects. They all see the same
 * snapshot, as reads of one statement; if one fails, they all do.
 */
export function lookupsAsOne(q: Queryable): Queryable {
  // One per transaction, so that steps which each ask for their own still send theirs together.
  const existing = made.get(q);
  if (existing) return existing;
  let waiting: Waiting[] = [];
  const send = async () => {
    const batch = waiting;
    waiting = [];
    try {
      if (batch.length === 1) {
        const [one] = batch as [Waiting];
        one.resolve(await q.query(one.read.text, one.read.params));
        return;
      }
      const rows = await readAsOne(q, Object.fromEntries(batch.map((w, i) => [`q${i}`, w.read])));
      batch.forEach((w, i) => w.resolve(rows[`q${i}`] as unknown[]));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  };
  const lookups: Queryable = {
    query: <T>(text: string, params: unknown[] = []) =>
      new Promise<T[]>((resolve, reject) => {
        // After every promise already settled has run: a look-up made after an await of one still comes along.
        if (waiting.length === 0) setImmediate(() => void send());
        waiting.push({ read: { text, params, rows: (r) => r }, resolve: resolve as Waiting['resolve'], reject });
      }),
    exec: (sql) => q.exec(sql),
  };
  transactions.set(lookups, transactionOf(q));
  made.set(q, lookups);
  return lookups;
}
