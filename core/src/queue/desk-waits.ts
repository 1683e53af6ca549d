import { z } from 'zod';
import { deskServices, type DeskService } from './desk.ts';
import { USUAL_SERVICE_SECONDS } from './ticket-wait.ts';
import { estimateWait, serviceTimeStats } from './wait-estimate.ts';

/**
 * "About how long" per desk, for the waiting room's display: what a citizen taking a ticket for
 * that desk now would wait — everyone waiting at the desk ahead, the counters that serve it now,
 * today's service times measured at it — the same estimate the kiosk prints (`wait-estimate.ts`).
 * Counts only: the server computes it from its projections, the display shows it.
 */
export const boardWait = z.object({
  lowMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  highMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  basis: z.enum(['measured-today', 'usual']),
});
export type BoardWait = z.infer<typeof boardWait>;

export interface DeskWaitInput {
  /** Tickets waiting per desk now. */
  waiting: readonly { desk: DeskService; count: number }[];
  /**
   * The site's counters that called a ticket today, with their desks (`null`: not set, every
   * desk). Those on a break now are left out by `paused`.
   */
  activeCounters: readonly { counterId: string; services: readonly DeskService[] | null }[];
  paused: readonly string[];
  /** Today's completed services per desk: how many, their sum and sum of squares (seconds). */
  served: readonly { desk: DeskService; count: number; sumSeconds: number; sumSquares: number }[];
  usualServiceSeconds?: number;
}

/** Each desk's wait, `null` when no counter serves that desk now (no number can be honest then). */
export function deskWaits(input: DeskWaitInput): Map<DeskService, BoardWait | null> {
  const paused = new Set(input.paused);
  const open = input.activeCounters.filter((c) => !paused.has(c.counterId));
  const waits = new Map<DeskService, BoardWait | null>();
  for (const { desk, count } of input.waiting) {
    const counters = open.filter((c) => (c.services ?? deskServices).includes(desk)).length;
    const sums = input.served.find((s) => s.desk === desk);
    const estimate = estimateWait({
      ahead: count,
      counters,
      measured: sums ? serviceTimeStats(sums) : null,
      usualServiceSeconds: input.usualServiceSeconds ?? USUAL_SERVICE_SECONDS,
    });
    waits.set(
      desk,
      estimate.kind === 'no-counter' ? null : { lowMinutes: estimate.lowMinutes, highMinutes: estimate.highMinutes, basis: estimate.basis },
    );
  }
  return waits;
}
