import { isWithinEventWindow } from '@dangky/core/events';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * An event dated too far from the server's clock (`core/src/events/event-time.ts`) is refused,
 * so a device whose clock says 1970 or 2099 counts nothing on those days; the refusal says by
 * how much it is off, and the device's report carries its clock's skew to the fleet page.
 */
export const inTimeWindow: PrepareGate = async (_tx, { clock }) => ({
  check(event) {
    if (!clock || isWithinEventWindow(event.occurredAt, clock.now, clock.window)) return null;
    const minutes = Math.round((Date.parse(event.occurredAt) - clock.now.getTime()) / 60_000);
    return refuse('DK_ERR_EVENT_TIME_OUT_OF_RANGE', `${minutes} min from the server's clock`);
  },
});
