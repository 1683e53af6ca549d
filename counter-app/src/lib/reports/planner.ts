import {
  countersNeeded,
  DEFAULT_DESKS,
  DEFAULT_KIOSK_TIME,
  DEFAULT_NO_SHOW_RATE,
  DEFAULT_NO_SHOW_SECONDS,
  MAX_PLAN_COUNTERS,
  measuredKioskTime,
  measuredServiceTime,
  MIN_MEASURED_ARRIVALS,
  MIN_MEASURED_CALLS,
  deskServices,
  drawDays,
  explainPlan,
  plannerInput,
  simulateDay,
  type CountersNeeded,
  type DayResult,
  type DeskService,
  type Distribution,
  type PlanExplanation,
  type PlannerInput,
} from '@dangky/core/queue';
import type { QueueReportResponse } from '@dangky/core/protocol';

/**
 * The booth-day planner as the manager's page runs it: the form's day profile and counters turned
 * into core's planner input — with the site's measured figures where a past day gives enough of
 * them (its arrivals by hour and by desk, its no-show rate, each desk's service times, the time
 * citizens took at its kiosks), and core's
 * stated defaults where it does not — then core's simulation, the counters each desk
 * needs for the target, and core's explanation, timed so the page can say how long it took. The
 * simulation is pure; a busy day takes seconds, so the page runs it in a Web Worker.
 */

export const DEFAULT_TARGET_P90_MINUTES = 15;
export const DEFAULT_SEED = 2026;
export const DEFAULT_OPENING_HOUR = 8;
export const DEFAULT_CLOSING_HOUR = 17;

export interface PlanForm {
  seed: number;
  openingHour: number;
  /** Expected arrivals for each hour from the opening hour on. */
  arrivalsPerHour: number[];
  desks: { service: DeskService; share: number; counters: number }[];
  targetP90Minutes: number;
}

/** Where the figures that are not typed came from. */
export interface PlanSources {
  /** The past day the arrivals were taken from, with how many came and how many were served. */
  pastDay: { day: string; arrivals: number; completed: number } | null;
  /** The measured no-show rate and the calls it was measured on, or `null` (the default was used). */
  noShow: { rate: number; calls: number } | null;
  /** The desks whose service times the past day measured well enough (absent: core's default). */
  desks?: { service: DeskService; services: number; meanSeconds: number | null; serviceTime: Distribution }[];
  /**
   * The past day's times at the kiosk: how many registrations measured it, their mean, and the
   * planner's distribution when they were enough (`kioskTime: null`: too few, core's default).
   * Absent or `null` when no past day was taken (core's default).
   */
  kiosk?: { day: string; registrations: number; meanSeconds: number | null; kioskTime: Distribution | null } | null;
}

export const defaultForm = (): PlanForm => ({
  seed: DEFAULT_SEED,
  openingHour: DEFAULT_OPENING_HOUR,
  arrivalsPerHour: Array.from({ length: DEFAULT_CLOSING_HOUR - DEFAULT_OPENING_HOUR }, () => 20),
  desks: deskServices.map((service) => ({ service, share: DEFAULT_DESKS[service].share, counters: DEFAULT_DESKS[service].counters })),
  targetP90Minutes: DEFAULT_TARGET_P90_MINUTES,
});

/**
 * A past day's queue report as a day profile: the hours from the first to the last with arrivals,
 * and the day's no-show rate, desks' service times and time at the kiosk where enough of them were
 * measured. `null` when nobody came that day.
 */
export function profileFromDay(
  day: string,
  report: Pick<QueueReportResponse, 'hours' | 'periods' | 'desks' | 'kioskTime'>,
): { openingHour: number; arrivalsPerHour: number[]; shares: Partial<Record<DeskService, number>> | null; sources: PlanSources } | null {
  const busy = report.hours.filter((h) => h.arrivals > 0).map((h) => h.hour);
  if (busy.length === 0) return null;
  const first = Math.min(...busy);
  const last = Math.max(...busy);
  const byHour = new Map(report.hours.map((h) => [h.hour, h.arrivals]));
  const arrivalsPerHour = Array.from({ length: last - first + 1 }, (_, i) => byHour.get(first + i) ?? 0);
  const totals = report.periods.reduce(
    (t, p) => ({ called: t.called + p.called, noShows: t.noShows + p.noShows, completed: t.completed + p.completed }),
    { called: 0, noShows: 0, completed: 0 },
  );
  const deskArrivals = report.desks.reduce((n, d) => n + d.arrivals, 0);
  const measured = report.desks.flatMap((d) => {
    const serviceTime = measuredServiceTime(d.serviceHistogram);
    return serviceTime
      ? [{ service: d.desk, services: d.serviceHistogram.reduce((n, c) => n + c, 0), meanSeconds: d.meanServiceSeconds, serviceTime }]
      : [];
  });
  return {
    openingHour: first,
    arrivalsPerHour,
    // How that day's citizens split between the desks, as the form's shares.
    shares: deskArrivals >= MIN_MEASURED_ARRIVALS ? Object.fromEntries(report.desks.map((d) => [d.desk, d.arrivals / deskArrivals])) : null,
    sources: {
      pastDay: { day, arrivals: arrivalsPerHour.reduce((s, a) => s + a, 0), completed: totals.completed },
      noShow: totals.called >= MIN_MEASURED_CALLS ? { rate: totals.noShows / totals.called, calls: totals.called } : null,
      desks: measured,
      kiosk: {
        day,
        registrations: report.kioskTime.count,
        meanSeconds: report.kioskTime.meanSeconds,
        kioskTime: measuredKioskTime(report.kioskTime.histogram),
      },
    },
  };
}

/** The form and its sources as core's parsed planner input (throws the planner's error code when invalid). */
export function plannerInputOf(form: PlanForm, sources: PlanSources): PlannerInput {
  return plannerInput.parse({
    seed: form.seed,
    replications: 200,
    openingHour: form.openingHour,
    arrivalsPerHour: form.arrivalsPerHour,
    desks: form.desks
      .filter((d) => d.share > 0)
      .map((d) => ({
        service: d.service,
        share: d.share,
        counters: d.counters,
        serviceTime: sources.desks?.find((m) => m.service === d.service)?.serviceTime ?? DEFAULT_DESKS[d.service].serviceTime,
      })),
    kioskTime: sources.kiosk?.kioskTime ?? DEFAULT_KIOSK_TIME,
    noShowRate: sources.noShow?.rate ?? DEFAULT_NO_SHOW_RATE,
    noShowSeconds: DEFAULT_NO_SHOW_SECONDS,
  });
}

export interface Plan {
  input: PlannerInput;
  result: DayResult;
  needed: CountersNeeded[];
  explanation: PlanExplanation;
  /** Wall time of the simulation and the search for counters, milliseconds. */
  elapsedMs: number;
}

/** One plan: the simulated days drawn once, the planned counters run on them, then the counters each desk needs. */
export function runPlan(input: PlannerInput, targetP90Minutes: number, now: () => number = () => performance.now()): Plan {
  const t0 = now();
  const days = drawDays(input);
  const result = simulateDay(input, days);
  const needed = countersNeeded(input, targetP90Minutes, MAX_PLAN_COUNTERS, days);
  return { input, result, needed, explanation: explainPlan(input), elapsedMs: now() - t0 };
}

/** One plan in a Web Worker (the page's thread stays free); on the page's thread where workers are unavailable. */
export function runPlanOffThread(input: PlannerInput, targetP90Minutes: number): Promise<Plan> {
  if (typeof Worker === 'undefined') return Promise.resolve(runPlan(input, targetP90Minutes));
  const worker = new Worker(new URL('./planner.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Plan>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ plan?: Plan; error?: string }>) => {
      worker.terminate();
      if (e.data.plan) resolve(e.data.plan);
      else reject(new Error(e.data.error ?? 'planner worker failed'));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message));
    };
    worker.postMessage({ input, targetP90Minutes });
  });
}
