/**
 * The one port the server talks to storage through. Two adapters implement it: embedded
 * PGlite (the default, a real PostgreSQL compiled to wasm, data under DATA_DIR) and
 * node-postgres (when DATABASE_URL is set). SQL is written once and runs on both.
 */
export type DbKind = 'pglite' | 'postgres';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  /**
   * `first`: statements without parameters run right after BEGIN, in the same round trip — a
   * push's lock and savepoint, which every push takes before anything else. `last`: statements
   * without parameters, made from what `fn` returned, run right before COMMIT in its round trip —
   * a push's last write, the device's sequence.
   */
  transaction<T>(
    fn: (tx: Queryable) => Promise<T>,
    options?: { first?: readonly string[]; last?: (result: T) => readonly string[] },
  ): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: its data folder as a gzipped tarball, taken between two queries (storage/backup.ts). */
  dumpDataDir?(): Promise<Blob>;
}

/**
 * A text as an SQL string literal, for the few statements sent without parameters (`first`, `last`).
 * Both databases keep standard_conforming_strings on, where a doubled quote is the only escape.
 */
export function sqlText(value: string): string {
  if (value.includes('\0')) throw new Error('an SQL text cannot hold NUL');
  return `'${value.replaceAll("'", "''")}'`;
}

/** A whole number as an SQL literal, for the same statements. */
export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error('an SQL integer must be a safe integer');
  return String(value);
}
