import type { Queryable } from './db.ts';

/**
 * Creates the events partitions of this UTC month and the next `ahead` months when missing
 * (migration 0006's `events_month_partition`, idempotent and safe from several replicas). Run at
 * start and hourly; an event whose month was not created yet still lands, in `events_default`,
 * and moves into its month when that is created.
 */
export async function ensureEventPartitions(db: Queryable, now = new Date(), ahead = 2): Promise<string[]> {
  const names: string[] = [];
  for (let n = 0; n <= ahead; n++) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + n, 1)).toISOString().slice(0, 10);
    const [row] = await db.query<{ name: string }>('SELECT events_month_partition($1::date) AS name', [month]);
    names.push(row!.name);
  }
  return names;
}

/** Archives a month: its partition leaves `events` and stays a table of its own (still append-only) to dump and drop. */
export async function detachEventMonth(db: Queryable, month: string): Promise<string> {
  const [row] = await db.query<{ name: string }>('SELECT events_detach_month($1::date) AS name', [month]);
  return row!.name;
}
