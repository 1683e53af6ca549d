import { KIOSK_EDGES_SECONDS, SERVICE_EDGES_SECONDS } from '../duration-histogram.ts';
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
/** Fewer registrations than this that said how long they took at the kiosk, and the kiosk time is noise: the default is used. */
export const MIN_MEASURED_KIOSK_TIMES = 30;

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
/**
 * The time at the kiosk before the ticket where the site has not measured it: a past day whose
 * submissions said how long they took (registration.submitted's kioskSeconds) replaces it.
 */
export const DEFAULT_KIOSK_TIME: Distribution = { kind: 'histogram', edgesSeconds: [60, 120, 180, 300], counts: [30, 50, 20] };
export const DEFAULT_NO_SHOW_RATE = 0.05;
export const DEFAULT_NO_SHOW_SECONDS = 120;

/** Counts in a projection's buckets as a distribution, when there are enough of them and they are those buckets. */
function measured(edges: readonly number[], min: number, counts: readonly number[]): Distribution | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total < min || counts.length !== edges.length - 1) return null;
  return { kind: 'histogram', edgesSeconds: [...edges], counts: [...counts] };
}

/**
 * A desk's measured service times (counts in the statistics projection's service buckets) as the
 * planner's distribution, or `null` when too few services were measured to stand for the desk.
 */
export const measuredServiceTime = (counts: readonly number[]): Distribution | null =>
  measured(SERVICE_EDGES_SECONDS, MIN_MEASURED_SERVICES, counts);

/**
 * A day's measured times at the kiosk (counts in the statistics projection's kiosk buckets) as the
 * planner's kiosk time, or `null` when too few registrations measured it to stand for the site's kiosks.
 */
export const measuredKioskTime = (counts: readonly number[]): Distribution | null =>
  measured(KIOSK_EDGES_SECONDS, MIN_MEASURED_KIOSK_TIMES, counts);
