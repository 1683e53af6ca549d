/**
 * Day boundaries for tickets and reports are in Asia/Ho_Chi_Minh. Vietnam has kept UTC+07:00
 * without daylight saving since 1975, so a fixed offset is exact and needs no time-zone data
 * (which a kiosk's Chromium may lack) — `hcm-day.test.ts` checks it against Intl anyway.
 */
export const HCM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const HCM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** `YYYY-MM-DD` of the instant in Ho Chi Minh City. */
export function hcmDay(at: Date | string | number): string {
  const ms = new Date(at).getTime();
  if (Number.isNaN(ms)) throw new RangeError('hcmDay: invalid instant');
  return new Date(ms + HCM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `HH:MM` of the instant in Ho Chi Minh City (for "last synced HH:MM"). */
export function hcmClock(at: Date | string | number): string {
  return new Date(new Date(at).getTime() + HCM_OFFSET_MS).toISOString().slice(11, 16);
}

/** The UTC instant at which the given HCM day starts. */
export function hcmDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00+07:00`));
}

/** Every day from `from` to `to` inclusive (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
