import type { Statement } from '../../db/one-statement.ts';
import { mergeDeltas, type CountDelta } from '../counts.ts';

/** Adds the batch's count changes to the daily-counts projection, one upsert row per key. */
export function dailyCountsStatement(deltas: readonly CountDelta[]): Statement | null {
  const merged = mergeDeltas([...deltas]);
  if (merged.length === 0) return null;
  return {
    text: `INSERT INTO daily_counts (day, site_id, service, channel, provider_id, operator_id, submitted, completed, cancelled, eid_approved, eid_refused)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[])
     ON CONFLICT (day, site_id, service, channel, provider_id, operator_id) DO UPDATE SET
       submitted = daily_counts.submitted + EXCLUDED.submitted,
       completed = daily_counts.completed + EXCLUDED.completed,
       cancelled = daily_counts.cancelled + EXCLUDED.cancelled,
       eid_approved = daily_counts.eid_approved + EXCLUDED.eid_approved,
       eid_refused = daily_counts.eid_refused + EXCLUDED.eid_refused`,
    params: [
      merged.map((d) => d.day),
      merged.map((d) => d.siteId),
      merged.map((d) => d.service),
      merged.map((d) => d.channel),
      merged.map((d) => d.providerId),
      merged.map((d) => d.operatorId),
      merged.map((d) => d.submitted),
      merged.map((d) => d.completed),
      merged.map((d) => d.cancelled),
      merged.map((d) => d.eidApproved),
      merged.map((d) => d.eidRefused),
    ],
  };
}
