/**
 * Waiting and service times as the statistics projection keeps them: counts in fixed buckets
 * (plus count, sum and sum of squares), so a report over a year adds a few integers per row and
 * still gives a 90th percentile — and the planner gets the site's measured distribution. The
 * edges are in seconds; the last bucket is open (its upper edge is only used to interpolate).
 */
export const WAIT_EDGES_SECONDS = [0, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 5400, 7200, 10_800, 14_400] as const;
export const SERVICE_EDGES_SECONDS = [0, 60, 120, 180, 300, 420, 600, 900, 1200, 1800, 2700, 3600, 5400] as const;
/**
 * Times at the kiosk before the ticket share the service buckets: a visit is minutes long, like a
 * service, and at most an hour (core/schemas kiosk-time.ts).
 */
export const KIOSK_EDGES_SECONDS = SERVICE_EDGES_SECONDS;
export const HISTOGRAM_BUCKETS = WAIT_EDGES_SECONDS.length - 1;

/**
 * A bucket's bounds in whole minutes, as a report shows them ("1–2 phút"); the last bucket is open
 * (`to` null: "60 phút trở lên"), whatever edge closes it for interpolation.
 */
export function bucketMinutes(edges: readonly number[], bucket: number): { from: number; to: number | null } {
  const last = edges.length - 2;
  return { from: edges[bucket]! / 60, to: bucket >= last ? null : edges[bucket + 1]! / 60 };
}

/** The bucket a duration falls in (negative durations — clock skew between devices — count as 0). */
export function bucketOf(edges: readonly number[], seconds: number): number {
  const s = Math.max(0, seconds);
  for (let i = edges.length - 2; i > 0; i--) if (s >= edges[i]!) return i;
  return 0;
}

/** The q-quantile of bucketed durations, interpolated inside its bucket; `null` with no data. */
export function histogramQuantile(edges: readonly number[], counts: readonly number[], q: number): number | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c > 0 && below + c >= rank) return edges[i]! + ((rank - below) / c) * (edges[i + 1]! - edges[i]!);
    below += c;
  }
  return edges[counts.length]!;
}
