import type { DeskService } from '../desk.ts';
import { drawDay, type SimDay } from './draw-day.ts';
import type { PlannerInput } from './planner-input.ts';
import { runDesk } from './run-desk.ts';

/**
 * The booth-day planner's simulation: `replications` independent days (each its own random
 * stream of the seed), every desk's queue run on the same citizens, and what a manager asks of
 * it — per hour the expected queue length, mean and 90th-percentile wait; per desk the wait and
 * how busy its counters were. Pure and deterministic for a seed.
 */
export interface HourResult {
  /** Local hour of day (the opening hour + index); hours after closing appear while people still wait. */
  hour: number;
  /** Mean arrivals in the hour, per day. */
  arrivals: number;
  /** Time-averaged number of people waiting (ticket printed, not yet called). */
  meanQueue: number;
  /** Waits of the citizens who got their ticket in this hour. */
  meanWaitMinutes: number;
  /** The median wait: what most people will see, beside the 90th percentile the target is set on. */
  p50WaitMinutes: number;
  p90WaitMinutes: number;
}

export interface DeskResult {
  service: DeskService;
  counters: number;
  /** Citizens per day. */
  citizens: number;
  meanWaitMinutes: number;
  p90WaitMinutes: number;
  /** Share of the counters' open time spent serving (open = opening to closing, or to the last service). */
  utilisation: number;
}

export interface DayResult {
  hours: HourResult[];
  desks: DeskResult[];
  meanWaitMinutes: number;
  p90WaitMinutes: number;
  /** When the last citizen left the counter, in hours after opening (later than closing = overtime). */
  lastServiceEndsHours: number;
}

/** The q-quantile of a sorted array (nearest rank), 0 for an empty one. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Values grouped by a small integer key (counting sort), each group sorted: for per-hour and per-desk quantiles. */
function sortedGroups(values: Float64Array, keys: Int32Array, groups: number): { sorted: Float64Array; offsets: Int32Array } {
  const offsets = new Int32Array(groups + 1);
  for (const k of keys) offsets[k + 1]!++;
  for (let g = 0; g < groups; g++) offsets[g + 1]! += offsets[g]!;
  const fill = offsets.slice(0, groups);
  const sorted = new Float64Array(values.length);
  keys.forEach((k, i) => (sorted[fill[k]!++] = values[i]!));
  for (let g = 0; g < groups; g++) sorted.subarray(offsets[g]!, offsets[g + 1]!).sort();
  return { sorted, offsets };
}

const meanOf = (values: Float64Array): number => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

/** The simulated days, drawn once so several counter plans can be run on them. */
export const drawDays = (input: PlannerInput): SimDay[] => Array.from({ length: input.replications }, (_, r) => drawDay(input, r));

export function simulateDay(input: PlannerInput, days: SimDay[] = drawDays(input)): DayResult {
  const openHours = input.arrivalsPerHour.length;
  const total = days.reduce((n, d) => n + d.count, 0);
  const waits = new Float64Array(total);
  const waitHour = new Int32Array(total);
  const waitDesk = new Int32Array(total);
  const queueSeconds: number[] = [];
  const arrivals: number[] = [];
  const busy = input.desks.map(() => 0);
  const open = input.desks.map(() => 0);
  let lastEnd = 0;
  let at = 0;

  for (const day of days) {
    const startedAt = new Float64Array(day.count);
    const deskEnd = input.desks.map(() => openHours * 3600);
    input.desks.forEach((d, k) => runDesk(day, k, d.counters, startedAt));
    for (let i = 0; i < day.count; i++, at++) {
      const desk = day.desk[i]!;
      const ticketAt = day.ticketAt[i]!;
      const start = startedAt[i]!;
      const hour = Math.floor(ticketAt / 3600);
      waits[at] = start - ticketAt;
      waitHour[at] = hour;
      waitDesk[at] = desk;
      const arrivalHour = Math.floor(day.arrivedAt[i]! / 3600);
      arrivals[arrivalHour] = (arrivals[arrivalHour] ?? 0) + 1;
      busy[desk]! += day.counterSeconds[i]!;
      deskEnd[desk] = Math.max(deskEnd[desk]!, start + day.counterSeconds[i]!);
      // The wait [ticketAt, start) spread over the hours it covers: the time-averaged queue.
      for (let h = hour, from = ticketAt; from < start; h++) {
        const to = Math.min(start, (h + 1) * 3600);
        queueSeconds[h] = (queueSeconds[h] ?? 0) + (to - from);
        from = to;
      }
    }
    input.desks.forEach((d, k) => {
      open[k]! += deskEnd[k]! * d.counters;
      lastEnd = Math.max(lastEnd, deskEnd[k]!);
    });
  }

  const perDay = Math.max(1, days.length);
  let hourCount = Math.max(openHours, queueSeconds.length, arrivals.length);
  for (const h of waitHour) hourCount = Math.max(hourCount, h + 1);
  const byHour = sortedGroups(waits, waitHour, hourCount);
  const byDesk = sortedGroups(waits, waitDesk, input.desks.length);
  const group = (g: { sorted: Float64Array; offsets: Int32Array }, k: number) => g.sorted.subarray(g.offsets[k]!, g.offsets[k + 1]!);

  const hours: HourResult[] = Array.from({ length: hourCount }, (_, h) => {
    const inHour = group(byHour, h);
    return {
      hour: (input.openingHour + h) % 24,
      arrivals: (arrivals[h] ?? 0) / perDay,
      meanQueue: (queueSeconds[h] ?? 0) / 3600 / perDay,
      meanWaitMinutes: meanOf(inHour) / 60,
      p50WaitMinutes: quantileSorted(inHour, 0.5) / 60,
      p90WaitMinutes: quantileSorted(inHour, 0.9) / 60,
    };
  });
  const desks: DeskResult[] = input.desks.map((d, k) => {
    const inDesk = group(byDesk, k);
    return {
      service: d.service,
      counters: d.counters,
      citizens: inDesk.length / perDay,
      meanWaitMinutes: meanOf(inDesk) / 60,
      p90WaitMinutes: quantileSorted(inDesk, 0.9) / 60,
      utilisation: open[k]! > 0 ? busy[k]! / open[k]! : 0,
    };
  });
  return {
    hours,
    desks,
    meanWaitMinutes: meanOf(waits) / 60,
    p90WaitMinutes: quantileSorted(waits.slice().sort(), 0.9) / 60,
    lastServiceEndsHours: lastEnd / 3600,
  };
}
