import { SERVICE_EDGES_SECONDS, WAIT_EDGES_SECONDS, histogramQuantile, type DeskService } from '@dangky/core/queue';
import { periodsBetween, type Grouping, type Period } from '@dangky/core/time';
import type { Queryable } from '../db/db.ts';
import { KIOSK_MEASURES, QUEUE_MEASURES, SITE_MEASURES, histogramColumns } from '../db/queue-stats-columns.ts';

/**
 * The manager's waiting-room statistics, read from the projections of migrations 0007, 0010 and
 * 0029 (updated at ingest), never from the events: per period (day, week or month — every period of the
 * range, the empty ones as zeros) the arrivals, calls, no-shows, outcomes, mean and 90th-percentile
 * wait and service time; the hourly profile; per counter and clerk; and the times at the kiosk. Whole weeks and months come
 * from their rollup rows; a range's partial first or last week or month from its whole weeks and
 * days. Whole provinces (a city manager's, a national manager's) come from the province rollup, so
 * the country is 34 provinces' rows, never a thousand sites filtered by a list.
 */
export type QueueScope = { siteIds: string[] } | { provinceCodes: string[] };

export interface QueueStatsQuery {
  scope: QueueScope;
  from: string;
  to: string;
  grouping: Grouping;
}

export interface QueueFigures {
  arrivals: number;
  priorityArrivals: number;
  called: number;
  noShows: number;
  transferred: number;
  completed: number;
  cancelled: number;
  meanWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  meanServiceSeconds: number | null;
  p90ServiceSeconds: number | null;
  /** No-shows per call, `null` before any call. */
  noShowRate: number | null;
}

export type QueuePeriodStats = Period & QueueFigures;

/** The per-site and per-province tables hold every measure; the per-counter table all but the kiosk's. */
const MEASURES = SITE_MEASURES;
const sumsOf = (measures: readonly string[]) => measures.map((m) => `SUM(${m})::float8 AS ${m}`).join(', ');
const SUMS = sumsOf(MEASURES);
const STAFF_SUMS = sumsOf(QUEUE_MEASURES);

/** The summed measures of some projection rows, by column name. */
type Sums = Map<string, number>;
const zero = (): Sums => new Map(MEASURES.map((m) => [m, 0]));
const add = (into: Sums, row: Record<string, unknown>) => {
  for (const m of MEASURES) into.set(m, (into.get(m) ?? 0) + Number(row[m] ?? 0));
};

export function figuresOf(sums: Sums): QueueFigures {
  const s = (m: string) => sums.get(m) ?? 0;
  const ratio = (a: string, b: string) => (s(b) ? s(a) / s(b) : null);
  return {
    arrivals: s('arrivals'),
    priorityArrivals: s('priority_arrivals'),
    called: s('called'),
    noShows: s('no_shows'),
    transferred: s('transferred'),
    completed: s('completed'),
    cancelled: s('cancelled'),
    meanWaitSeconds: ratio('wait_sum_s', 'wait_count'),
    p90WaitSeconds: histogramQuantile(WAIT_EDGES_SECONDS, histogramColumns('wait_h').map(s), 0.9),
    meanServiceSeconds: ratio('service_sum_s', 'service_count'),
    p90ServiceSeconds: histogramQuantile(SERVICE_EDGES_SECONDS, histogramColumns('service_h').map(s), 0.9),
    noShowRate: ratio('no_shows', 'called'),
  };
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isMonday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() === 1;

/** One projection row set to read: a grain and its period start. */
interface Piece {
  grain: Grouping;
  period: string;
  /** The report period it adds to. */
  key: string;
}

/**
 * The fewest rollup rows that add up to each report period: a whole week or month is its own
 * row; a period the range cuts (a partial first or last week or month) is its whole ISO weeks
 * plus its remaining days — so a year by month reads ~12 rows per site and desk, and never a
 * month of days.
 */
export function coverPeriods(periods: readonly Period[], grouping: Grouping): Piece[] {
  const pieces: Piece[] = [];
  for (const p of periods) {
    const wholeWeek = grouping === 'week' && isMonday(p.from) && addDays(p.from, 6) === p.to;
    const wholeMonth = grouping === 'month' && p.from.endsWith('-01') && addDays(p.to, 1).endsWith('-01');
    if (grouping === 'day' || wholeWeek || wholeMonth) {
      pieces.push({ grain: grouping, period: p.from, key: p.key });
      continue;
    }
    for (let day = p.from; day <= p.to;) {
      if (grouping === 'month' && isMonday(day) && addDays(day, 6) <= p.to) {
        pieces.push({ grain: 'week', period: day, key: p.key });
        day = addDays(day, 7);
      } else {
        pieces.push({ grain: 'day', period: day, key: p.key });
        day = addDays(day, 1);
      }
    }
  }
  return pieces;
}

const pieceParams = (pieces: readonly Piece[]) => [pieces.map((x) => x.grain), pieces.map((x) => x.period)];

/** The rows a scope reads: a site table filtered by site, or its province rollup by province. */
const source = (scope: QueueScope, siteTable: string, provinceTable: string) =>
  'provinceCodes' in scope
    ? { table: provinceTable, column: 'province_code', ids: scope.provinceCodes }
    : { table: siteTable, column: 'site_id', ids: scope.siteIds };

export async function queueStatsByPeriod(db: Queryable, q: QueueStatsQuery): Promise<QueuePeriodStats[]> {
  const periods = periodsBetween(q.from, q.to, q.grouping);
  const pieces = coverPeriods(periods, q.grouping);
  const keyOf = new Map(pieces.map((x) => [`${x.grain}|${x.period}`, x.key]));
  const sums = new Map(periods.map((p) => [p.key, zero()]));
  const from = source(q.scope, 'queue_stats', 'queue_province_stats');
  const rows = await db.query<Record<string, unknown> & { grain: string; period: string }>(
    `SELECT s.grain, s.period::text AS period, ${SUMS}
     FROM unnest($2::text[], $3::date[]) AS c(grain, period)
     JOIN ${from.table} s ON s.grain = c.grain AND s.period = c.period AND s.${from.column} = ANY($1)
     GROUP BY s.grain, s.period`,
    [from.ids, ...pieceParams(pieces)],
  );
  for (const r of rows) add(sums.get(keyOf.get(`${r.grain}|${r.period}`)!)!, r);
  return periods.map((p) => ({ ...p, ...figuresOf(sums.get(p.key)!) }));
}

export interface HourProfile {
  hour: number;
  arrivals: number;
  called: number;
  completed: number;
}

/** Arrivals, calls and completions by hour of day over the range (from the rollups the range covers whole, days for the rest). */
export async function queueHourlyProfile(db: Queryable, q: QueueStatsQuery): Promise<HourProfile[]> {
  const pieces = coverPeriods(periodsBetween(q.from, q.to, q.grouping), q.grouping);
  const from = source(q.scope, 'queue_hourly_stats', 'queue_province_hourly_stats');
  const rows = await db.query<{ hour: number; arrivals: number; called: number; completed: number }>(
    `SELECT h.hour, SUM(h.arrivals)::float8 AS arrivals, SUM(h.called)::float8 AS called, SUM(h.completed)::float8 AS completed
     FROM unnest($2::text[], $3::date[]) AS c(grain, period)
     JOIN ${from.table} h ON h.grain = c.grain AND h.period = c.period AND h.${from.column} = ANY($1)
     GROUP BY h.hour ORDER BY h.hour`,
    [from.ids, ...pieceParams(pieces)],
  );
  const byHour = new Map(rows.map((r) => [Number(r.hour), r]));
  return Array.from({ length: 24 }, (_, hour) => {
    const r = byHour.get(hour);
    return { hour, arrivals: Number(r?.arrivals ?? 0), called: Number(r?.called ?? 0), completed: Number(r?.completed ?? 0) };
  });
}

export interface StaffStats extends QueueFigures {
  counterId: string;
  operatorId: string;
}

/** Per counter and clerk over the range (calls, no-shows, outcomes, waits they called, services they gave). */
export async function queueStaffStats(db: Queryable, q: { siteIds: string[]; from: string; to: string }): Promise<StaffStats[]> {
  const rows = await db.query<Record<string, unknown> & { counter_id: string; operator_id: string }>(
    `SELECT counter_id, operator_id, ${STAFF_SUMS} FROM queue_staff_stats
     WHERE site_id = ANY($1) AND day BETWEEN $2::date AND $3::date
     GROUP BY counter_id, operator_id ORDER BY counter_id, operator_id`,
    [q.siteIds, q.from, q.to],
  );
  return rows.map((r) => {
    const s = zero();
    add(s, r);
    return { counterId: r.counter_id, operatorId: r.operator_id, ...figuresOf(s) };
  });
}

export interface DeskStats extends QueueFigures {
  desk: DeskService;
  /** Service times in the projection's service buckets. */
  serviceHistogram: number[];
}

/** Per desk over the whole range (from the rollups the range covers whole, days for the rest), desks with any row only. */
export async function queueDeskStats(db: Queryable, q: QueueStatsQuery): Promise<DeskStats[]> {
  const pieces = coverPeriods(periodsBetween(q.from, q.to, q.grouping), q.grouping);
  const from = source(q.scope, 'queue_stats', 'queue_province_stats');
  const rows = await db.query<Record<string, unknown> & { desk: DeskService }>(
    `SELECT s.desk, ${SUMS}
     FROM unnest($2::text[], $3::date[]) AS c(grain, period)
     JOIN ${from.table} s ON s.grain = c.grain AND s.period = c.period AND s.${from.column} = ANY($1)
     GROUP BY s.desk ORDER BY s.desk`,
    [from.ids, ...pieceParams(pieces)],
  );
  return rows.map((r) => {
    const sums = zero();
    add(sums, r);
    return { desk: r.desk, ...figuresOf(sums), serviceHistogram: histogramColumns('service_h').map((m) => sums.get(m) ?? 0) };
  });
}

export interface KioskTimes {
  /** Submissions that said how long the citizen took at the kiosk. */
  count: number;
  meanSeconds: number | null;
  /** Those times in the kiosk buckets (core's KIOSK_EDGES_SECONDS). */
  histogram: number[];
}

/** The times citizens took at the kiosk over the range, every desk together (from the same rollups as the desks). */
export async function queueKioskTimes(db: Queryable, q: QueueStatsQuery): Promise<KioskTimes> {
  const pieces = coverPeriods(periodsBetween(q.from, q.to, q.grouping), q.grouping);
  const from = source(q.scope, 'queue_stats', 'queue_province_stats');
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT ${sumsOf(KIOSK_MEASURES)}
     FROM unnest($2::text[], $3::date[]) AS c(grain, period)
     JOIN ${from.table} s ON s.grain = c.grain AND s.period = c.period AND s.${from.column} = ANY($1)`,
    [from.ids, ...pieceParams(pieces)],
  );
  const s = (m: string) => Number(row?.[m] ?? 0);
  const count = s('kiosk_count');
  return { count, meanSeconds: count ? s('kiosk_sum_s') / count : null, histogram: histogramColumns('kiosk_h').map(s) };
}
