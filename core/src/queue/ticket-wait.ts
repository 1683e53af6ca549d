import { z } from 'zod';
import { instant } from '../schemas/primitives.ts';
import { estimateWait } from './wait-estimate.ts';

/**
 * What the kiosk may know of its site's waiting room, and what it tells the citizen on the ticket:
 * "N người đang chờ trước bạn, khoảng L–H phút". The kiosk never sees anyone's registration — the
 * server sends it only counts with its reference data (tickets waiting at the site, counters that
 * served today, today's median service time), and the kiosk computes the line offline from the
 * last figures it holds. Every counter calls from every desk of the site, so everyone waiting is
 * ahead. When the figures are missing or too old (the kiosk lost the server), or no counter has
 * served today, the ticket says it cannot tell rather than invent a number.
 */
export const siteWaitFigures = z.object({
  /** When the server counted (its clock). */
  at: instant,
  /** Tickets of the site waiting to be called now. */
  waiting: z.number().int().min(0),
  /** Counters of the site that called a ticket today and are not on a break now (counter-pause.ts). */
  counters: z.number().int().min(0),
  /** Services completed today at the site, and their median duration (seconds; `null` with none). */
  services: z.number().int().min(0),
  medianServiceSeconds: z.number().min(0).nullable(),
});
export type SiteWaitFigures = z.infer<typeof siteWaitFigures>;

export type TicketWait =
  | { kind: 'estimate'; ahead: number; lowMinutes: number; highMinutes: number; basis: 'measured-today' | 'usual' }
  /** `no-figures`: never reached the server; `stale`: not for a while; `no-counter`: nobody served yet today. */
  | { kind: 'unknown'; reason: 'no-figures' | 'stale' | 'no-counter' };

/** Figures older than this are yesterday's news for a waiting room: not shown. */
export const WAIT_FIGURES_MAX_AGE_MS = 10 * 60_000;
/** A service at the counter as the programme sees it on an ordinary day, until today's are measured. */
export const USUAL_SERVICE_SECONDS = 300;

export function ticketWait(input: { figures: SiteWaitFigures | null; nowMs: number; usualServiceSeconds?: number }): TicketWait {
  const { figures, nowMs } = input;
  if (!figures) return { kind: 'unknown', reason: 'no-figures' };
  const age = nowMs - Date.parse(figures.at);
  if (!(age <= WAIT_FIGURES_MAX_AGE_MS)) return { kind: 'unknown', reason: 'stale' };
  const median = figures.medianServiceSeconds;
  // A median, not a mean: one long service (a token that would not initialise) does not move it.
  // Its spread is taken as large as itself, as for exponential-like services.
  const measured = median === null ? null : { count: figures.services, meanSeconds: median, sdSeconds: median };
  const estimate = estimateWait({
    ahead: figures.waiting,
    counters: figures.counters,
    measured,
    usualServiceSeconds: input.usualServiceSeconds ?? USUAL_SERVICE_SECONDS,
  });
  if (estimate.kind === 'no-counter') return { kind: 'unknown', reason: 'no-counter' };
  return {
    kind: 'estimate',
    ahead: figures.waiting,
    lowMinutes: estimate.lowMinutes,
    highMinutes: estimate.highMinutes,
    basis: estimate.basis,
  };
}
