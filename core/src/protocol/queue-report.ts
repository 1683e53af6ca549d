import { z } from 'zod';
import { isoDate } from '../schemas/primitives.ts';
import { reportScope } from './counts-report.ts';
import { MAX_REPORT_DAYS } from './staff.ts';
import { deskService } from '../queue/desk.ts';
import { HISTOGRAM_BUCKETS } from '../queue/duration-histogram.ts';

/**
 * The waiting room as a manager reads it: per period of the range (day, ISO week or month; every
 * period listed, an empty one as zeros) arrivals, calls, no-shows, outcomes and how long people
 * waited (submitted → first call) and were served (call → outcome), as a mean and a 90th
 * percentile; the hour-of-day profile; per counter and clerk; and, for sites, the queue right
 * now. Read from the projections the server keeps at ingest, never from the events. Scopes as in
 * the counts report: a site, a city manager's province (by site), the nation (by province).
 */
export const queueGrouping = z.enum(['day', 'week', 'month']);

export const queueReportQuery = z
  .object({
    scope: reportScope,
    /** The site (scope `site`) or province code (scope `province`); the manager's own when omitted. */
    unit: z.string().min(1).max(64).optional(),
    from: isoDate,
    to: isoDate,
    /** Default: days up to ~6 weeks, weeks up to ~6 months, then months (core/time `groupingFor`). */
    grouping: queueGrouping.optional(),
    format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  })
  .refine((q) => q.from <= q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    error: 'DK_ERR_INVALID_RANGE',
  })
  .refine((q) => q.scope !== 'national' || q.unit === undefined, { error: 'DK_ERR_VALIDATION' });
export type QueueReportQuery = z.infer<typeof queueReportQuery>;

const count = z.number().int().min(0);
const seconds = z.number().min(0).nullable();

export const queueFigures = z.object({
  arrivals: count,
  priorityArrivals: count,
  called: count,
  noShows: count,
  transferred: count,
  completed: count,
  cancelled: count,
  meanWaitSeconds: seconds,
  p90WaitSeconds: seconds,
  meanServiceSeconds: seconds,
  p90ServiceSeconds: seconds,
  /** No-shows per call; `null` before any call. */
  noShowRate: z.number().min(0).nullable(),
});
export type QueueFiguresView = z.infer<typeof queueFigures>;

export const queueReportResponse = z.object({
  scope: reportScope,
  from: isoDate,
  to: isoDate,
  grouping: queueGrouping,
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  periods: z.array(queueFigures.extend({ key: z.string(), from: isoDate, to: isoDate })),
  /** Hours 0–23 of the Ho Chi Minh day, summed over the range. */
  hours: z.array(z.object({ hour: z.number().int().min(0).max(23), arrivals: count, called: count, completed: count })),
  /** Per counter and clerk, by their names (sites only; empty for the nation). */
  staff: z.array(queueFigures.extend({ counterId: z.string(), counterName: z.string(), operatorId: z.string(), operatorName: z.string() })),
  /**
   * Per desk over the whole range, with its service times as counts in the statistics' service
   * buckets (core's SERVICE_EDGES_SECONDS): what the booth-day planner draws a desk's service from.
   */
  desks: z.array(queueFigures.extend({ desk: deskService, serviceHistogram: z.array(count).length(HISTOGRAM_BUCKETS) })),
  /**
   * How long citizens took at the kiosk before their ticket, every desk together, over the range:
   * the submissions that said so (`registration.submitted`'s kioskSeconds), their mean, and the
   * counts in core's KIOSK_EDGES_SECONDS buckets — what the booth-day planner draws the kiosk time from.
   */
  kioskTime: z.object({ count, meanSeconds: seconds, histogram: z.array(count).length(HISTOGRAM_BUCKETS) }),
  /** The queue at the moment of the answer, per site of the scope (empty for the nation). */
  live: z.array(
    z.object({
      siteId: z.string(),
      siteName: z.string(),
      waiting: count,
      inService: count,
      /** How long the longest-waiting ticket of today has waited, in seconds; `null` when nobody waits. */
      longestWaitSeconds: seconds,
    }),
  ),
});
export type QueueReportResponse = z.infer<typeof queueReportResponse>;
