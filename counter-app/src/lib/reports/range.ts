import { hcmDay } from '@dangky/core/time';

/**
 * Date ranges for reports, as Ho Chi Minh days (`YYYY-MM-DD`): the default is the last seven
 * days including today in Vietnam, whatever the browser's own time zone is.
 */
export const DEFAULT_RANGE_DAYS = 7;

export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function defaultRange(now: Date = new Date(), days = DEFAULT_RANGE_DAYS): { from: string; to: string } {
  const to = hcmDay(now);
  return { from: addDays(to, -(days - 1)), to };
}

/** `dangky-daily-counts-<from>_<to>[-<site>].csv`: the range (and site) in the name, safe on every OS. */
export function csvFileName(from: string, to: string, siteId?: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '');
  return `dangky-daily-counts-${safe(from)}_${safe(to)}${siteId ? `-${safe(siteId)}` : ''}.csv`;
}
