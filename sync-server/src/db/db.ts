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
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: its data folder as a gzipped tarball, taken between two queries (storage/backup.ts). */
  dumpDataDir?(): Promise<Blob>;
}
