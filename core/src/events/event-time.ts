import { z } from 'zod';

/**
 * How far an event's `occurredAt` may lie from the server's clock. Behind: a device that was
 * offline delivers what it recorded then (days, not years). Ahead: clocks drift a little, never
 * by days. An event outside is refused with its own code — a device dated 1970 or 2099 would
 * otherwise count registrations on those days — and the device's clock skew goes to the fleet page.
 */
export const eventTimeWindow = z.object({
  /** Days an event may lie behind the server's clock (default 30). */
  pastDays: z.number().int().min(1).max(36_600).default(30),
  /** Minutes an event may lie ahead of the server's clock (default 10). */
  aheadMinutes: z.number().int().min(0).max(52_704_000).default(10),
});
export type EventTimeWindow = z.infer<typeof eventTimeWindow>;
export const defaultEventTimeWindow: EventTimeWindow = eventTimeWindow.parse({});

/** Whether an event that happened at `occurredAt` is within `window` of `now`. */
export function isWithinEventWindow(occurredAt: string, now: Date, window: EventTimeWindow): boolean {
  const at = Date.parse(occurredAt);
  return at >= now.getTime() - window.pastDays * 86_400_000 && at <= now.getTime() + window.aheadMinutes * 60_000;
}

/** How far a device's clock runs ahead of the server's (negative: behind), in whole seconds. */
export const clockSkewSeconds = (deviceTime: string, serverTime: Date): number =>
  Math.round((Date.parse(deviceTime) - serverTime.getTime()) / 1000);
