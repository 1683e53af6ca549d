import { dayHours, weekdays, type DayHours, type OpeningHours, type Weekday } from '@dangky/core/schemas';

/**
 * An office's week as the sites page edits it: one row per weekday, open or closed, with its
 * opening and closing time and, if the office closes for lunch, that break (both ends, or
 * neither). A closed day keeps the times typed in it, so unticking a day by mistake and ticking
 * it again loses nothing; only open days are sent. A new office starts with the usual People's
 * Committee week (Monday to Friday, 07:30–17:00).
 */
export interface DayRow {
  open: boolean;
  opens: string;
  closes: string;
  /** '' with `lunchTo` '': no break. */
  lunchFrom: string;
  lunchTo: string;
}
export type WeekRows = Record<Weekday, DayRow>;

const USUAL: DayHours = { opens: '07:30', closes: '17:00' };

export function weekRows(hours: OpeningHours | null): WeekRows {
  return Object.fromEntries(
    weekdays.map((d) => {
      const h = hours ? hours[d] : ['sat', 'sun'].includes(d) ? null : USUAL;
      const row: DayRow = {
        open: h !== null,
        opens: h?.opens ?? USUAL.opens,
        closes: h?.closes ?? USUAL.closes,
        lunchFrom: h?.lunch?.from ?? '',
        lunchTo: h?.lunch?.to ?? '',
      };
      return [d, row];
    }),
  ) as WeekRows;
}

const dayOf = (row: DayRow): DayHours => ({
  opens: row.opens,
  closes: row.closes,
  ...(row.lunchFrom || row.lunchTo ? { lunch: { from: row.lunchFrom, to: row.lunchTo } } : {}),
});

export function hoursOfRows(rows: WeekRows): OpeningHours {
  return Object.fromEntries(weekdays.map((d) => [d, rows[d].open ? dayOf(rows[d]) : null])) as OpeningHours;
}

/** The open days whose times core's rule refuses (closing not after opening, half a lunch break, a break outside the day). */
export const badDays = (rows: WeekRows): Weekday[] => weekdays.filter((d) => rows[d].open && !dayHours.safeParse(dayOf(rows[d])).success);

/** Monday's row copied to Tuesday–Friday: most offices keep one set of hours through the week. */
export const mondayThroughFriday = (rows: WeekRows): WeekRows => ({
  ...rows,
  ...Object.fromEntries((['tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, { ...rows.mon }])),
});
