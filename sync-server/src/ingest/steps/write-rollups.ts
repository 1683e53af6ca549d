import type { Statement } from '../../db/one-statement.ts';
import { provinceJoin } from './province-of-row.ts';
import type { CountDelta } from '../counts.ts';

/**
 * Ingest step: the report rollups (`site_counts`, `province_counts`; migration 0006_scale_out) take the
 * batch's count deltas, by day and by month, without the operator. Written in the push's
 * transaction, so a report never disagrees with the events. Rows are upserted in key order, the
 * site's before the province's: two sites of one province push at once and both touch the
 * province's rows, and one order for everyone means they queue instead of deadlocking.
 */
export function rollupStatements(deltas: readonly CountDelta[]): Statement[] {
  const rows = rollupRows(deltas);
  if (rows.length === 0) return [];
  const params = [
    rows.map((r) => r.grain),
    rows.map((r) => r.period),
    rows.map((r) => r.siteId),
    rows.map((r) => r.service),
    rows.map((r) => r.channel),
    rows.map((r) => r.providerId),
    rows.map((r) => r.submitted),
    rows.map((r) => r.completed),
    rows.map((r) => r.cancelled),
    rows.map((r) => r.eidApproved),
    rows.map((r) => r.eidRefused),
  ];
  const input = `unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[])
    AS d (grain, period, site_id, service, channel, provider_id, submitted, completed, cancelled, eid_approved, eid_refused)`;
  const site = {
    text: `INSERT INTO site_counts (grain, period, site_id, service, channel, provider_id, submitted, completed, cancelled, eid_approved, eid_refused)
     SELECT * FROM ${input} ORDER BY site_id, grain, period, service, channel, provider_id
     ON CONFLICT (site_id, grain, period, service, channel, provider_id) DO UPDATE SET
       submitted = site_counts.submitted + EXCLUDED.submitted,
       completed = site_counts.completed + EXCLUDED.completed,
       cancelled = site_counts.cancelled + EXCLUDED.cancelled,
       eid_approved = site_counts.eid_approved + EXCLUDED.eid_approved,
       eid_refused = site_counts.eid_refused + EXCLUDED.eid_refused`,
    params,
  };
  const join = provinceJoin(
    rows.map((r) => r.siteId),
    params.length,
  );
  const province = {
    text: `INSERT INTO province_counts (grain, period, province_code, service, channel, provider_id, submitted, completed, cancelled, eid_approved, eid_refused)
     SELECT d.grain, d.period, s.province_code, d.service, d.channel, d.provider_id, sum(d.submitted), sum(d.completed), sum(d.cancelled),
            sum(d.eid_approved), sum(d.eid_refused)
     FROM ${input} ${join.from}
     GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (grain, period, province_code, service, channel, provider_id) DO UPDATE SET
       submitted = province_counts.submitted + EXCLUDED.submitted,
       completed = province_counts.completed + EXCLUDED.completed,
       cancelled = province_counts.cancelled + EXCLUDED.cancelled,
       eid_approved = province_counts.eid_approved + EXCLUDED.eid_approved,
       eid_refused = province_counts.eid_refused + EXCLUDED.eid_refused`,
    params: [...params, ...join.params],
  };
  return [site, province];
}

export interface RollupRow {
  grain: 'day' | 'month';
  period: string;
  siteId: string;
  service: string;
  channel: string;
  providerId: string;
  submitted: number;
  completed: number;
  cancelled: number;
  eidApproved: number;
  eidRefused: number;
}

/** Each delta once at its day and once at its month (first day), summed per key — pure. */
export function rollupRows(deltas: readonly CountDelta[]): RollupRow[] {
  const byKey = new Map<string, RollupRow>();
  for (const d of deltas) {
    for (const [grain, period] of [
      ['day', d.day],
      ['month', `${d.day.slice(0, 7)}-01`],
    ] as const) {
      const key = [d.siteId, grain, period, d.service, d.channel, d.providerId].join('\u0000');
      const row = byKey.get(key);
      if (row) {
        row.submitted += d.submitted;
        row.completed += d.completed;
        row.cancelled += d.cancelled;
        row.eidApproved += d.eidApproved;
        row.eidRefused += d.eidRefused;
      } else
        byKey.set(key, {
          grain,
          period,
          siteId: d.siteId,
          service: d.service,
          channel: d.channel,
          providerId: d.providerId,
          submitted: d.submitted,
          completed: d.completed,
          cancelled: d.cancelled,
          eidApproved: d.eidApproved,
          eidRefused: d.eidRefused,
        });
    }
  }
  return [...byKey.values()];
}
