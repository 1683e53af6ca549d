import type { Statement } from '../../db/one-statement.ts';
import { provinceJoin } from './province-of-row.ts';
import { HOURLY_MEASURES, QUEUE_MEASURES, SITE_MEASURES, sqlTypeOf } from '../../db/queue-stats-columns.ts';
import type { QueueStatsDelta } from '../queue-delta.ts';
import { queueStatsRows, type SumRow } from '../queue-stats-rows.ts';

/**
 * Ingest step: the batch's waiting-room deltas added to the statistics projections (migrations
 * 0007, 0010 and 0029) in the push's transaction — per site and desk, per counter and clerk, the hourly
 * profile, and the same per province (the site rows joined to their site's province). Rows go in
 * key order, the province's last: two sites of one province push at once and both add to the
 * province's rows, and one order for everyone means they queue instead of deadlocking. Last among
 * the writes, so the province rows (shared by a province's sites) stay locked for the shortest time.
 */
export function queueStatsStatements(deltas: readonly QueueStatsDelta[]): Statement[] {
  if (deltas.length === 0) return [];
  const rows = queueStatsRows(deltas);
  const perSite = { keys: ['grain:text', 'period:date', 'site_id:text', 'desk:text'], measures: SITE_MEASURES };
  const hourly = { keys: ['grain:text', 'period:date', 'site_id:text', 'hour:int'], measures: HOURLY_MEASURES };
  const staff = { keys: ['day:date', 'site_id:text', 'desk:text', 'counter_id:text', 'operator_id:text'], measures: QUEUE_MEASURES };
  return [
    addSums('queue_stats', perSite, rows.site),
    addSums('queue_hourly_stats', hourly, rows.hourly),
    addSums('queue_staff_stats', staff, rows.staff),
    addSums('queue_province_stats', perSite, rows.site, { byProvince: true }),
    addSums('queue_province_hourly_stats', hourly, rows.hourly, { byProvince: true }),
  ].filter((s): s is Statement => s !== null);
}

interface Shape {
  /** `column:type`, in the table's key order; `site_id` is replaced by the province for province tables. */
  keys: readonly string[];
  measures: readonly string[];
}

/** The upsert of rows that add their sums to what the table holds (one statement, arrays unnested). */
function addSums(table: string, shape: Shape, rows: readonly SumRow[], opts: { byProvince?: boolean } = {}): Statement | null {
  if (rows.length === 0) return null;
  const keys = shape.keys.map((k) => k.split(':') as [string, string]);
  const columns = [...keys.map(([c]) => c), ...shape.measures];
  const types = [...keys.map(([, t]) => t), ...shape.measures.map(sqlTypeOf)];
  const params = [...keys.map((_, i) => rows.map((r) => r.key[i])), ...shape.measures.map((m) => rows.map((r) => r.sums[m] ?? 0))];
  const input = `unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')}) AS d (${columns.join(', ')})`;
  const targetKeys = keys.map(([c]) => (opts.byProvince && c === 'site_id' ? 'province_code' : c));
  const keyList = targetKeys.map((_, i) => i + 1).join(', ');
  const siteColumn = keys.findIndex(([c]) => c === 'site_id');
  const join = opts.byProvince
    ? provinceJoin(
        rows.map((r) => String(r.key[siteColumn])),
        params.length,
      )
    : null;
  const select = join
    ? `SELECT ${keys.map(([c]) => (c === 'site_id' ? 's.province_code' : `d.${c}`)).join(', ')}, ${shape.measures.map((m) => `SUM(d.${m})`).join(', ')}
       FROM ${input} ${join.from} GROUP BY ${keyList} ORDER BY ${keyList}`
    : `SELECT * FROM ${input} ORDER BY ${keyList}`;
  return {
    text: `INSERT INTO ${table} (${[...targetKeys, ...shape.measures].join(', ')})
     ${select}
     ON CONFLICT (${targetKeys.join(', ')}) DO UPDATE SET ${shape.measures.map((m) => `${m} = ${table}.${m} + EXCLUDED.${m}`).join(', ')}`,
    params: [...params, ...(join?.params ?? [])],
  };
}
