import { z } from 'zod';
import { isoDate } from '../schemas/primitives.ts';
import { channel } from '../schemas/service.ts';
import { MAX_REPORT_DAYS, reportService } from './staff.ts';

/**
 * The counts report at any scale, up to a year of the whole country: registrations submitted,
 * completed and cancelled per period × unit × service × channel × provider, read from the rollups
 * the server keeps at ingest (never from the events). The scope says what a unit is: `national` —
 * each province; `province` — each site of one province; `site` — one site. Periods are Ho Chi
 * Minh days or calendar months (the rollups' two grains); every period of the range is listed in
 * `periods`, so a period with no row reads as zero, not as missing.
 */
export const reportScope = z.enum(['site', 'province', 'national']);
export type ReportScope = z.infer<typeof reportScope>;

export const countsGrouping = z.enum(['day', 'month']);
export type CountsGrouping = z.infer<typeof countsGrouping>;

/** Days up to about six weeks, months beyond: what keeps a table or a chart readable. */
export const defaultCountsGrouping = (from: string, to: string): CountsGrouping =>
  (Date.parse(to) - Date.parse(from)) / 86_400_000 < 45 ? 'day' : 'month';

export const countsReportQuery = z
  .object({
    scope: reportScope,
    /** The site (scope `site`) or province code (scope `province`); the manager's own when omitted. None for `national`. */
    unit: z.string().min(1).max(64).optional(),
    from: isoDate,
    to: isoDate,
    grouping: countsGrouping.optional(),
  })
  .refine((q) => q.from <= q.to && (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    error: 'DK_ERR_INVALID_RANGE',
  })
  .refine((q) => q.scope !== 'national' || q.unit === undefined, { error: 'DK_ERR_VALIDATION' });
export type CountsReportQuery = z.infer<typeof countsReportQuery>;

export const countsReportRow = z.object({
  /** The period's key: `2026-03-02` or `2026-03`. */
  period: z.string(),
  /** A province code (scope `national`) or a site id. */
  unit: z.string(),
  service: reportService,
  /** `null` for e-ID level 2, which has no channel or provider. */
  channel: channel.nullable(),
  providerId: z.string().nullable(),
  submitted: z.number().int().min(0),
  completed: z.number().int().min(0),
  cancelled: z.number().int().min(0),
  /** e-ID level 2 only: applications the police officer approved / refused, by the day the result was recorded. */
  eidApproved: z.number().int().min(0).optional(),
  eidRefused: z.number().int().min(0).optional(),
});
export type CountsReportRow = z.infer<typeof countsReportRow>;

export const countsReportResponse = z.object({
  scope: reportScope,
  from: isoDate,
  to: isoDate,
  grouping: countsGrouping,
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
  periods: z.array(z.object({ key: z.string(), from: isoDate, to: isoDate })),
  /** Every unit of the scope, with or without rows. */
  units: z.array(z.object({ id: z.string(), name: z.string() })),
  rows: z.array(countsReportRow),
});
export type CountsReportResponse = z.infer<typeof countsReportResponse>;
