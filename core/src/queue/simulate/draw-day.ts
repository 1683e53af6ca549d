import { sampler } from './distribution.ts';
import type { PlannerInput } from './planner-input.ts';
import { createRng, streamSeed } from './rng.ts';

/**
 * One simulated day's citizens, drawn before any queue runs: arrival (a Poisson process whose
 * rate is each hour's expected arrivals), desk, time at the kiosk, and the counter time they will
 * take (their service, or the no-show's lost time). Drawing them apart from the queue, with the
 * same random draws whatever the counters, gives every counter count the same citizens (common
 * random numbers): comparing 3 and 4 counters compares the same day, and more counters can never
 * make anyone wait longer.
 *
 * Column arrays rather than one object per citizen: a planner run draws hundreds of thousands.
 */
export interface SimDay {
  count: number;
  /** Seconds from opening. */
  arrivedAt: Float64Array;
  /** Seconds from opening: when the kiosk printed the ticket and the wait began. */
  ticketAt: Float64Array;
  /** Index into `input.desks`. */
  desk: Uint8Array;
  /** Seconds the citizen keeps a counter busy. */
  counterSeconds: Float64Array;
  noShow: Uint8Array;
  /** Citizen indices by ticket time (first come, first served), ties by arrival. */
  ticketOrder: Uint32Array;
}

export type DrawInput = Pick<PlannerInput, 'seed' | 'arrivalsPerHour' | 'desks' | 'kioskTime' | 'noShowRate' | 'noShowSeconds'>;

export function drawDay(input: DrawInput, replication: number): SimDay {
  const rng = createRng(streamSeed(input.seed, replication));
  const kiosk = sampler(input.kioskTime);
  const service = input.desks.map((d) => sampler(d.serviceTime));
  const totalShare = input.desks.reduce((s, d) => s + d.share, 0);
  let acc = 0;
  const cumulative = input.desks.map((d) => (acc += d.share / totalShare));
  const arrivedAt: number[] = [];
  const ticketAt: number[] = [];
  const desks: number[] = [];
  const counterSeconds: number[] = [];
  const noShows: number[] = [];
  for (let hour = 0; hour < input.arrivalsPerHour.length; hour++) {
    const expected = input.arrivalsPerHour[hour]!;
    if (expected <= 0) continue;
    const meanGap = 3600 / expected;
    const end = (hour + 1) * 3600;
    // The exponential gap is memoryless, so restarting the clock at each hour's edge is exact.
    for (let t = hour * 3600 + rng.exponential(meanGap); t < end; t += rng.exponential(meanGap)) {
      const u = rng.next();
      let desk = 0;
      while (desk < cumulative.length - 1 && u >= cumulative[desk]!) desk++;
      const kioskSeconds = kiosk(rng);
      const serviceSeconds = service[desk]!(rng);
      const noShow = rng.next() < input.noShowRate;
      arrivedAt.push(t);
      ticketAt.push(t + kioskSeconds);
      desks.push(desk);
      counterSeconds.push(noShow ? input.noShowSeconds : serviceSeconds);
      noShows.push(noShow ? 1 : 0);
    }
  }
  const ticketTimes = Float64Array.from(ticketAt);
  const order = new Uint32Array(ticketTimes.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => ticketTimes[a]! - ticketTimes[b]! || a - b);
  return {
    count: ticketTimes.length,
    arrivedAt: Float64Array.from(arrivedAt),
    ticketAt: ticketTimes,
    desk: Uint8Array.from(desks),
    counterSeconds: Float64Array.from(counterSeconds),
    noShow: Uint8Array.from(noShows),
    ticketOrder: order,
  };
}
