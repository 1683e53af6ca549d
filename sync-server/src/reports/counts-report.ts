import type { CountsGrouping, CountsReportRow, ReportScope } from '@dangky/core/protocol';
import { periodsBetween, type Period } from '@dangky/core/time';
import type { Queryable } from '../db/db.ts';

/**
 * The counts report's figures, read from the rollups of migration 0006_scale_out (`site_counts`,
 * `province_counts`; by day and by month, kept at ingest) — never from the events, so a year of
 * the whole country costs the same few hundred rows whatever the number of registrations. A whole
 * month is its month row; a month the range cuts, and every day of a report by day, their day rows.
 * The database adds the rows up per period, unit, service, channel and provider.
 */
export interface CountsReportSpec {
  scope: ReportScope;
  /** Sites (scope `site` or `province`); ignored for `national`, which reads every province. */
  siteIds: readonly string[];
  from: string;
  to: string;
  grouping: CountsGrouping;
}

/** One rollup row set to read (a grain and its period start) and the report period it adds to. */
export interface RollupPiece {
  grain: 'day' | 'month';
  period: string;
  key: string;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The fewest rollup rows that add up to each period: a whole month is one row, anything else its days. */
export function rollupPieces(periods: readonly Period[], grouping: CountsGrouping): RollupPiece[] {
  const pieces: RollupPiece[] = [];
  for (const p of periods) {
    if (grouping === 'month' && p.from.endsWith('-01') && nextDay(p.to).endsWith('-01')) {
      pieces.push({ grain: 'month', period: p.from, key: p.key });
      continue;
    }
    for (let day = p.from; day <= p.to; day = nextDay(day)) pieces.push({ grain: 'day', period: day, key: p.key });
  }
  return pieces;
}

export async function countsReport(db: Queryable, spec: CountsReportSpec): Promise<{ periods: Period[]; rows: CountsReportRow[] }> {
  const periods = periodsBetween(spec.from, spec.to, spec.grouping);
  const pieces = rollupPieces(periods, spec.grouping);
  const national = spec.scope === 'national';
  const rows = await db.query<{
    period: string;
    unit: string;
    service: CountsReportRow['service'];
    channel: string;
    provider_id: string;
    submitted: number;
    completed: number;
    cancelled: number;
    eid_approved: number;
    eid_refused: number;
  }>(
    `SELECT c.key AS period, r.${national ? 'province_code' : 'site_id'} AS unit, r.service, r.channel, r.provider_id,
            sum(r.submitted)::int AS submitted, sum(r.completed)::int AS completed, sum(r.cancelled)::int AS cancelled,
            sum(r.eid_approved)::int AS eid_approved, sum(r.eid_refused)::int AS eid_refused
     FROM unnest($1::text[], $2::date[], $3::text[]) AS c (grain, period, key)
     JOIN ${national ? 'province_counts' : 'site_counts'} r ON r.grain = c.grain AND r.period = c.period
     ${national ? '' : 'AND r.site_id = ANY($4::text[])'}
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    [pieces.map((x) => x.grain), pieces.map((x) => x.period), pieces.map((x) => x.key), ...(national ? [] : [spec.siteIds])],
  );
  return {
    periods,
    rows: rows.map((r) => ({
      period: r.period,
      unit: r.unit,
      service: r.service,
      channel: r.channel === '' ? null : (r.channel as CountsReportRow['channel']),
      providerId: r.provider_id || null,
      submitted: Number(r.submitted),
      completed: Number(r.completed),
      cancelled: Number(r.cancelled),
      // Only e-ID level 2 has officer's results; a signature row carries none.
      ...(r.service === 'eid-level2' ? { eidApproved: Number(r.eid_approved), eidRefused: Number(r.eid_refused) } : {}),
    })),
  };
}
