import { z } from 'zod';
import { deskService } from '../desk.ts';
import { distribution } from './distribution.ts';

/**
 * What the booth-day planner simulates: the day's expected arrivals per hour (typed in, or taken
 * from a past day), how arrivals split over the desks with the counters each desk gets, and the
 * site's measured distributions — service time per desk, time at the kiosk before the ticket,
 * the no-show rate and how long a no-show holds a counter (the call, the recall, the grace the
 * clerk gives). Parsed at the boundary; the simulation itself trusts its input.
 */
export const MAX_PLAN_HOURS = 24;

export const plannerDesk = z.object({
  service: deskService,
  /** Share of the arrivals that come for this desk (the shares are normalised). */
  share: z.number().min(0).max(1),
  counters: z.number().int().min(1).max(100),
  serviceTime: distribution,
});

export const plannerInput = z.object({
  seed: z.number().int().min(0).max(0xffff_ffff).default(1),
  replications: z.number().int().min(1).max(1000).default(200),
  /** The local hour (Asia/Ho_Chi_Minh) of `arrivalsPerHour[0]`. */
  openingHour: z.number().int().min(0).max(23),
  arrivalsPerHour: z.array(z.number().min(0).max(20_000)).min(1).max(MAX_PLAN_HOURS),
  desks: z
    .array(plannerDesk)
    .min(1)
    .max(3)
    .refine((d) => d.some((x) => x.share > 0), { error: 'DK_ERR_PLANNER_INPUT_INVALID' })
    .refine((d) => new Set(d.map((x) => x.service)).size === d.length, { error: 'DK_ERR_PLANNER_INPUT_INVALID' }),
  kioskTime: distribution,
  noShowRate: z.number().min(0).max(1),
  noShowSeconds: z.number().min(0).max(3600),
});
export type PlannerInput = z.infer<typeof plannerInput>;
export type PlannerDesk = z.infer<typeof plannerDesk>;
