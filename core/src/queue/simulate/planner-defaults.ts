import { SERVICE_EDGES_SECONDS } from '../duration-histogram.ts';
import type { DeskService } from '../desk.ts';
import type { Distribution } from './distribution.ts';

/**
 * What the booth-day planner assumes where a site has not measured it, and when a measurement is
 * enough to replace the assumption. The planner says which figures were measured and which were
 * assumed, so these numbers are stated to the manager, never hidden.
 */

/** Fewer calls than this and a past day's no-show rate is noise: the default is used. */
export const MIN_MEASURED_CALLS = 30;
/** Fewer arrivals than this and a past day's split between the desks is noise: the form's shares stay. */
export const MIN_MEASURED_ARRIVALS = 30;
/** Fewer finished services than this at a desk and its measured times are noise: the default is used. */
export const MIN_MEASURED_SERVICES = 30;

/**
 * What a desk takes when the site has no measurement of its own: a USB token is generated and
 * checked at the counter (longest), a remote signature is activated with the provider, an e-ID
 * application is checked and handed over. The shares are a book-fair booth's usual mix.
 */
export const DEFAULT_DESKS: Record<DeskService, { share: number; counters: number; serviceTime: Distribution }> = {
  remote: { share: 0.6, counters: 2, serviceTime: { kind: 'exponential', meanSeconds: 240 } },
  token: { share: 0.25, counters: 1, serviceTime: { kind: 'exponential', meanSeconds: 480 } },
  'eid-level2': { share: 0.15, counters: 1, serviceTime: { kind: 'exponential', meanSeconds: 300 } },
};
/** The time at the kiosk before the ticket: no device measures it yet (the kiosk sends only its submission). */
export const DEFAULT_KIOSK_TIME: Distribution = { kind: 'histogram', edgesSeconds: [60, 120, 180, 300], counts: [30, 50, 20] };
export const DEFAULT_NO_SHOW_RATE = 0.05;
export const DEFAULT_NO_SHOW_SECONDS = 120;

/**
 * A desk's measured service times (counts in the statistics projection's service buckets) as the
 * planner's distribution, or `null` when too few services were measured to stand for the desk.
 */
export function measuredServiceTime(counts: readonly number[]): Distribution | null {
  const services = counts.reduce((s, c) => s + c, 0);
  if (services < MIN_MEASURED_SERVICES || counts.length !== SERVICE_EDGES_SECONDS.length - 1) return null;
  return { kind: 'histogram', edgesSeconds: [...SERVICE_EDGES_SECONDS], counts: [...counts] };
}
