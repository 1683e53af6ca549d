import type { DeskService } from '../desk.ts';
import { meanSeconds } from './distribution.ts';
import { erlangC } from './erlang-c.ts';
import type { PlannerInput } from './planner-input.ts';

/**
 * What the planner used, in figures a manager can check: the arrivals it expects, each desk's
 * share, counters and mean service time, the mean time at the kiosk, the no-show rate (each from
 * the site's measurements of a past day where it had enough, else core's stated default — the
 * page says which, from the sources it took), the seed and the number of simulated days — and, per desk at the busiest hour,
 * the textbook M/M/c answer (Poisson arrivals, exponential service) as a sanity check. The
 * assumptions are named so the screen can state them in Vietnamese.
 */
export type PlanAssumption =
  /** Arrivals within an hour come at random (Poisson) around the expected number. */
  | 'random-arrivals'
  /** Each desk has its own queue, first come first served, the next free counter taking the next ticket. */
  | 'first-come-per-desk'
  /** Kiosks are never the bottleneck: their time only delays the ticket. */
  | 'kiosks-not-bottleneck'
  /** Priority tickets change who waits, not the average wait (same service time). */
  | 'priority-same-average';

export interface PlanExplanation {
  seed: number;
  replications: number;
  expectedArrivals: number;
  busiestHour: { hour: number; arrivals: number };
  kioskMeanMinutes: number;
  noShowRate: number;
  noShowMinutes: number;
  desks: {
    service: DeskService;
    share: number;
    counters: number;
    meanServiceMinutes: number;
    serviceTimeSource: 'measured' | 'typed';
    /** M/M/c at the busiest hour's rate: utilisation and mean wait (Infinity = the queue grows without end). */
    busiestHourTextbook: { utilisation: number; meanWaitMinutes: number };
  }[];
  assumptions: PlanAssumption[];
}

export function explainPlan(input: PlannerInput): PlanExplanation {
  const totalShare = input.desks.reduce((s, d) => s + d.share, 0);
  const peak = input.arrivalsPerHour.reduce((best, a, i) => (a > input.arrivalsPerHour[best]! ? i : best), 0);
  const peakArrivals = input.arrivalsPerHour[peak]!;
  const noShowMean = input.noShowSeconds;
  return {
    seed: input.seed,
    replications: input.replications,
    expectedArrivals: input.arrivalsPerHour.reduce((s, a) => s + a, 0),
    busiestHour: { hour: (input.openingHour + peak) % 24, arrivals: peakArrivals },
    kioskMeanMinutes: meanSeconds(input.kioskTime) / 60,
    noShowRate: input.noShowRate,
    noShowMinutes: noShowMean / 60,
    desks: input.desks.map((d) => {
      const share = d.share / totalShare;
      // A counter's mean time per citizen includes the no-shows' lost time.
      const perCitizen = (1 - input.noShowRate) * meanSeconds(d.serviceTime) + input.noShowRate * noShowMean;
      const textbook = erlangC({
        arrivalRate: (peakArrivals * share) / 3600,
        meanServiceSeconds: Math.max(perCitizen, 1e-9),
        counters: d.counters,
      });
      return {
        service: d.service,
        share,
        counters: d.counters,
        meanServiceMinutes: meanSeconds(d.serviceTime) / 60,
        serviceTimeSource: d.serviceTime.kind === 'histogram' ? 'measured' : 'typed',
        busiestHourTextbook: { utilisation: textbook.utilisation, meanWaitMinutes: textbook.meanWaitSeconds / 60 },
      };
    }),
    assumptions: ['random-arrivals', 'first-come-per-desk', 'kiosks-not-bottleneck', 'priority-same-average'],
  };
}
