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
export const dayHours = z
  .object({ opens: clockTime, closes: clockTime })
  .refine((h) => h.closes > h.opens, { error: 'DK_ERR_OPENING_HOURS_INVALID' });
export type DayHours = z.infer<typeof dayHours>;

export const openingHours = z.object(
  Object.fromEntries(weekdays.map((d) => [d, dayHours.nullable()])) as Record<Weekday, z.ZodNullable<typeof dayHours>>,
);
export type OpeningHours = z.infer<typeof openingHours>;

/** Every day the same hours (a booth), or weekdays only (an office's usual week). */
export const sameHoursEveryDay = (h: DayHours | null, days: readonly Weekday[] = weekdays): OpeningHours =>
  Object.fromEntries(weekdays.map((d) => [d, days.includes(d) ? h : null])) as OpeningHours;
