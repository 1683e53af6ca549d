import { daysBetween } from './hcm-day.ts';

/**
 * Report periods: a manager's range grouped by day, ISO week (Monday first, as Vietnam counts)
 * or calendar month, every period listed even when nothing happened in it — a chart or an export
 * with a missing day reads as if that day never opened. Periods are clipped to the range, so the
 * first and last week of a range may be shorter. Days are Ho Chi Minh days (`YYYY-MM-DD`).
 */
export type Grouping = 'day' | 'week' | 'month';

export interface Period {
  /** `2026-03-02`, `2026-W10` (ISO week-year and week) or `2026-03`. */
  key: string;
  /** First and last day of the period inside the range. */
  from: string;
  to: string;
}

/** The grouping that keeps a chart readable: days up to ~6 weeks, weeks up to ~6 months, then months. */
export function groupingFor(from: string, to: string): Grouping {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  return days <= 45 ? 'day' : days <= 190 ? 'week' : 'month';
}

/** ISO 8601 week of a day: the week belongs to the year of its Thursday. */
export function isoWeekKey(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(date.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The first day of the day's period — itself, the Monday of its ISO week, or the first of its
 * month — which is how the statistics rollups date their rows.
 */
export function periodStartOf(day: string, grouping: Grouping): string {
  if (grouping === 'day') return day;
  if (grouping === 'month') return `${day.slice(0, 7)}-01`;
  const t = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday = 0
  return new Date(t - weekday * 86_400_000).toISOString().slice(0, 10);
}

export const periodKeyOf = (day: string, grouping: Grouping): string =>
  grouping === 'day' ? day : grouping === 'month' ? day.slice(0, 7) : isoWeekKey(day);

export function periodsBetween(from: string, to: string, grouping: Grouping): Period[] {
  const periods: Period[] = [];
  for (const day of daysBetween(from, to)) {
    const key = periodKeyOf(day, grouping);
    const last = periods.at(-1);
    if (last?.key === key) last.to = day;
    else periods.push({ key, from: day, to: day });
  }
  return periods;
}

const dmy = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** The period as a Vietnamese reader writes it: `02/03/2026`, `Tuần 10 (02/03–08/03/2026)`, `Tháng 3/2026`. */
export function periodLabelVi(period: Period, grouping: Grouping): string {
  if (grouping === 'day') return dmy(period.from);
  if (grouping === 'month') return `Tháng ${Number(period.key.slice(5, 7))}/${period.key.slice(0, 4)}`;
  return `Tuần ${Number(period.key.slice(6))} (${dmy(period.from).slice(0, 5)}–${dmy(period.to)})`;
}
