import { z } from 'zod';

/**
 * How long a citizen's registration took at the kiosk — from the tap that leaves the welcome
 * screen to the submit — in whole seconds. It names nobody: the booth-day planner learns from it
 * how long the kiosk delays the ticket. The kiosk's idle reset ends a visit after a minute and a
 * bit without a touch, so a visit longer than an hour is not a visit but a broken clock.
 */
export const MAX_KIOSK_SECONDS = 3600;

/** The submission's optional measurement, as every device and the server parse it. */
export const kioskSeconds = z
  .number({ error: 'DK_ERR_KIOSK_TIME_RANGE' })
  .int({ error: 'DK_ERR_KIOSK_TIME_RANGE' })
  .min(0, { error: 'DK_ERR_KIOSK_TIME_RANGE' })
  .max(MAX_KIOSK_SECONDS, { error: 'DK_ERR_KIOSK_TIME_RANGE' });

/**
 * The kiosk's measurement between two readings of its clock (milliseconds, a monotonic clock on
 * the kiosk), or `null` when there is none to send: no start, or a span no visit takes (negative,
 * over the maximum, not a number). The kiosk leaves such a span out rather than clamp it, so a
 * broken clock never shows up in the site's figures as a real visit.
 */
export function kioskSecondsBetween(startedMs: number | null, submittedMs: number): number | null {
  if (startedMs === null) return null;
  const seconds = Math.round((submittedMs - startedMs) / 1000);
  return kioskSeconds.safeParse(seconds).success ? seconds : null;
}
