import type { SiteWaitFigures } from '@dangky/core/queue';
import { histogramQuantile, SERVICE_EDGES_SECONDS } from '@dangky/core/queue';
import { hcmDay } from '@dangky/core/time';
import type { Queryable } from '../db/db.ts';
import { readOne, type Read } from '../db/one-statement.ts';
import { histogramColumns } from '../db/queue-stats-columns.ts';

/**
 * The kiosk's view of its site's waiting room, sent with its reference data: counts only — how
 * many tickets wait now (the columns kept in clear: site, day, status), how many counters called
 * today and are not on a break now, and the median of today's service times (the statistics projections) — so the kiosk can
 * print "about how long" offline without ever seeing another citizen's registration.
 */
export async function siteWaitFigures(db: Queryable, siteId: string, now: Date = new Date()): Promise<SiteWaitFigures> {
  return readOne(db, siteWaitFiguresRead(siteId, now));
}

/** The same, as a read that can go with the rest of a kiosk's reference data (`readAsOne`). */
export function siteWaitFiguresRead(siteId: string, now: Date = new Date()): Read<SiteWaitFigures> {
  const day = hcmDay(now);
  const service = histogramColumns('service_h');
  return {
    // One statement, not three: every kiosk asks every 30 s, and a round trip costs more than these look-ups.
    text: `SELECT
       (SELECT count(*)::int FROM registrations WHERE site_id = $1 AND day = $2::date AND status = 'waiting') AS waiting,
       -- A counter on a break serves nobody now: its latest change (migration 0028) is a pause.
       (SELECT count(DISTINCT s.counter_id)::int FROM queue_staff_stats s
        WHERE s.site_id = $1 AND s.day = $2::date AND s.called > 0
          AND NOT COALESCE((SELECT p.paused FROM counter_pauses p WHERE p.counter_id = s.counter_id ORDER BY p.at DESC, p.received_at DESC LIMIT 1), false)) AS counters,
       ${service.map((c) => `COALESCE(SUM(${c}), 0)::int AS ${c}`).join(', ')}
     FROM queue_stats WHERE grain = 'day' AND period = $2::date AND site_id = $1`,
    params: [siteId, day],
    rows: ([row]) => {
      const counts = service.map((c) => Number(row?.[c] ?? 0));
      const median = histogramQuantile(SERVICE_EDGES_SECONDS, counts, 0.5);
      return {
        at: now.toISOString(),
        waiting: Number(row?.waiting ?? 0),
        counters: Number(row?.counters ?? 0),
        services: counts.reduce((sum, c) => sum + c, 0),
        medianServiceSeconds: median === null ? null : Math.round(median),
      };
    },
  };
}
