import type { Db } from '../db/db.ts';

/**
 * A scan that reads every page of every table of ours, so damage shows at start rather than when
 * a device happens to read the row: each table is read whole in a sequential scan — every column
 * turned to text, which also reads the values stored out of line — and counted a second time
 * through its primary key's index. A file cut short loses rows from the scan but not from the
 * index (or the index points past its end, and reading fails); a page that does not pass its
 * checksum (PGlite folders made by this release have data checksums on) or whose header is
 * garbage fails the read. Each finding names the table, never a value.
 */
export async function scanPages(db: Db): Promise<string[]> {
  const tables = await db.query<{ name: string; pk: string | null }>(
    `SELECT c.relname AS name, (SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS pk
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname`,
  );
  const findings: string[] = [];
  for (const { name, pk } of tables) {
    const table = `"${name.replaceAll('"', '""')}"`;
    try {
      const counts = await db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_indexscan = off');
        await tx.query('SET LOCAL enable_indexonlyscan = off');
        await tx.query('SET LOCAL enable_bitmapscan = off');
        const [heap] = await tx.query<{ n: number | string }>(`SELECT count(length(t::text)) AS n FROM ONLY ${table} t`);
        if (!pk) return undefined;
        await tx.query('SET LOCAL enable_seqscan = off');
        await tx.query('SET LOCAL enable_indexscan = on');
        await tx.query('SET LOCAL enable_indexonlyscan = on');
        const [index] = await tx.query<{ n: number | string }>(`SELECT count(*) AS n FROM ONLY ${table}`);
        return { heap: Number(heap?.n), index: Number(index?.n) };
      });
      if (counts && counts.heap !== counts.index) findings.push(`${name}: ${counts.heap} rows read, its primary key holds ${counts.index}`);
    } catch (err) {
      findings.push(`${name}: ${(err as Error).message}`);
    }
  }
  return findings;
}
