import type { Queryable } from './db.ts';

/** A statement and its parameters, numbered from `$1`. */
export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * Several writes sent as one statement — each one a data-modifying WITH query — and run in the
 * order given: the final SELECT reads their row counts left to right, and PostgreSQL runs a WITH
 * query to its end the first time it is read. A push writes up to ten tables, each with one
 * set-based statement, and the round trips, not the writes, were what each push cost the server
 * and its database most; run as one, they are one round trip. The order matters to the callers:
 * rows shared between sites (a province's) are locked last, and in one order by everyone.
 *
 * Every part sees the database as it was when the statement began, not another part's rows, so
 * only writes that do not read each other's may go together. A part that fails fails them all,
 * as one statement.
 */
export function oneStatement(parts: readonly Statement[]): Statement | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  const params: unknown[] = [];
  const withs = parts.map((part, i) => `w${i} AS (${numberedAfter(params, part)} RETURNING 1)`);
  const counts = parts.map((_, i) => `(SELECT count(*) FROM w${i})`).join(', ');
  return { text: `WITH ${withs.join(',\n')}\nSELECT ${counts}`, params };
}

/** The part's text with its parameters numbered after those already in `params`, to which it adds its own. */
function numberedAfter(params: unknown[], part: Statement): string {
  const offset = params.length;
  params.push(...part.params);
  // Our own SQL: `$n` appears only as a parameter, never inside a literal.
  return part.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** Runs the writes as one statement, in the order given (see `oneStatement`). */
export async function writeAsOne(q: Queryable, parts: readonly (Statement | null)[]): Promise<void> {
  const one = oneStatement(parts.filter((p): p is Statement => p !== null));
  if (one) await q.query(one.text, one.params);
}

/** A query and what its rows mean: its rows come as JSON objects (`json_agg`), so dates are text and numbers numbers. */
export interface Read<T, Row = Record<string, unknown>> extends Statement {
  rows(rows: Row[]): T;
}

/** One read run on its own. */
export async function readOne<T, Row>(q: Queryable, read: Read<T, Row>): Promise<T> {
  return read.rows((await q.query(read.text, read.params)) as Row[]);
}

/**
 * Several reads in one round trip: each query's rows aggregated to one JSON column of a single
 * row, in the query's own order. For the answers a device asks for every 30 s, where the round
 * trips cost the server and its database more than the look-ups themselves.
 */
export async function readAsOne<R extends Record<string, Read<unknown>>>(
  q: Queryable,
  reads: R,
): Promise<{ [K in keyof R]: ReturnType<R[K]['rows']> }> {
  const params: unknown[] = [];
  const names = Object.keys(reads);
  const columns = names.map((name, i) => `(SELECT COALESCE(json_agg(r), '[]') FROM (${numberedAfter(params, reads[name]!)}) r) AS r${i}`);
  const [row] = await q.query<Record<string, unknown>>(`SELECT ${columns.join(',\n')}`, params);
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  return Object.fromEntries(names.map((name, i) => [name, reads[name]!.rows(json(row?.[`r${i}`]) as never)])) as {
    [K in keyof R]: ReturnType<R[K]['rows']>;
  };
}
