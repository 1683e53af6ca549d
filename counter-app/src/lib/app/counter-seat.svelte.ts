import { counterSeat, type QueueCounter } from '@dangky/core/queue';
import type { Reference } from '@dangky/core/schemas';

/**
 * The site's numbered counters as this counter last learnt them from the reference (kept in
 * Dexie with it, so an offline counter still knows its number and desks). This counter's seat —
 * its number ("Quầy 2") and the desks "call next" takes from — is core's `counterSeat`: a counter
 * no one has numbered yet serves every desk and shows its number as unset.
 */
export const seat = $state<{ counters: QueueCounter[] }>({ counters: [] });

export function learnCounters(reference: Reference | null): void {
  if (reference?.device) seat.counters = reference.device.counters ?? [];
}

export const seatOf = (deviceId: string) => counterSeat(seat.counters, deviceId);
