import { z } from 'zod';

/**
 * When a site is open, per weekday (Monday first, as Vietnamese calendars print it); `null`
 * is closed that day. A booth has the same daily hours on each of its days. Shown to citizens
 * and staff; the booth's dates, not its hours, decide whether it takes registrations (a citizen
 * already in the queue at closing time is still served).
 */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'DK_ERR_OPENING_HOURS_INVALID' });
/**
 * One day's hours: when the doors open and close, and the lunch break when the office closes
 * for it (a People's Committee's 11:30–13:30), which must lie inside the day.
 */
export const dayHours = z
  .object({ opens: clockTime, closes: clockTime, lunch: z.object({ from: clockTime, to: clockTime }).optional() })
  .refine((h) => h.closes > h.opens && (!h.lunch || (h.opens < h.lunch.from && h.lunch.from < h.lunch.to && h.lunch.to < h.closes)), {
    error: 'DK_ERR_OPENING_HOURS_INVALID',
  });
export type DayHours = z.infer<typeof dayHours>;

export const openingHours = z.object(
  Object.fromEntries(weekdays.map((d) => [d, dayHours.nullable()])) as Record<Weekday, z.ZodNullable<typeof dayHours>>,
);
export type OpeningHours = z.infer<typeof openingHours>;

/** Every day the same hours (a booth), or weekdays only (an office's usual week). */
export const sameHoursEveryDay = (h: DayHours | null, days: readonly Weekday[] = weekdays): OpeningHours =>
  Object.fromEntries(weekdays.map((d) => [d, days.includes(d) ? h : null])) as OpeningHours;

/** A run of consecutive days with the same hours (`null`: closed), as a week is read out. */
export interface HoursSpan {
  from: Weekday;
  to: Weekday;
  hours: DayHours | null;
}

/**
 * The week as runs of days that share their hours, Monday first: "Mon–Fri 07:30–17:00, Sat
 * 07:30–11:30, Sun closed" is three spans, not seven lines, in a table cell or a sign.
 */
export function hoursSpans(hours: OpeningHours): HoursSpan[] {
  const spans: HoursSpan[] = [];
  for (const day of weekdays) {
    const h = hours[day];
    const last = spans.at(-1);
    if (last && sameDay(last.hours, h)) last.to = day;
    else spans.push({ from: day, to: day, hours: h });
  }
  return spans;
}

const sameDay = (a: DayHours | null, b: DayHours | null): boolean =>
  a === null || b === null
    ? a === b
    : a.opens === b.opens && a.closes === b.closes && a.lunch?.from === b.lunch?.from && a.lunch?.to === b.lunch?.to;

/** A day's hours as a sign shows them: "07:30–17:00", or "07:30–11:30, 13:30–17:00" around lunch. */
export const dayHoursText = (h: DayHours): string =>
  h.lunch ? `${h.opens}–${h.lunch.from}, ${h.lunch.to}–${h.closes}` : `${h.opens}–${h.closes}`;
