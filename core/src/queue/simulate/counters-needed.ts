import type { DeskService } from '../desk.ts';
import type { SimDay } from './draw-day.ts';
import type { PlannerInput } from './planner-input.ts';
import { runDesk } from './run-desk.ts';
import { drawDays, quantileSorted } from './simulate-day.ts';

/**
 * "How many counters do I need tomorrow?": per desk, the fewest counters that keep the
 * 90th-percentile wait at or under the target on the simulated days. Each desk is its own queue,
 * and on the same drawn days more counters never make anyone wait longer, so a binary search
 * over the counter count finds the answer.
 */
export interface CountersNeeded {
  service: DeskService;
  /** `null` when even `maxCounters` cannot meet the target. */
  counters: number | null;
  /** The p90 wait with that many counters (or with `maxCounters`), minutes. */
  p90WaitMinutes: number;
}

export function deskP90Minutes(days: readonly SimDay[], desk: number, counters: number): number {
  const waits: number[] = [];
  for (const day of days) {
    const startedAt = runDesk(day, desk, counters);
    for (let i = 0; i < day.count; i++) if (day.desk[i] === desk) waits.push(startedAt[i]! - day.ticketAt[i]!);
  }
  return quantileSorted(Float64Array.from(waits).sort(), 0.9) / 60;
}

/** The most counters a plan tries per desk: past it, a desk is reported as not meeting the target. */
export const MAX_PLAN_COUNTERS = 50;

export function countersNeeded(
  input: PlannerInput,
  targetP90Minutes: number,
  maxCounters = MAX_PLAN_COUNTERS,
  days: SimDay[] = drawDays(input),
): CountersNeeded[] {
  return input.desks.map((d, desk) => {
    const atMax = deskP90Minutes(days, desk, maxCounters);
    if (atMax > targetP90Minutes) return { service: d.service, counters: null, p90WaitMinutes: atMax };
    let low = 1;
    let high = maxCounters;
    let best = atMax;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const p90 = deskP90Minutes(days, desk, mid);
      if (p90 <= targetP90Minutes) {
        high = mid;
        best = p90;
      } else low = mid + 1;
    }
    return { service: d.service, counters: high, p90WaitMinutes: best };
  });
}
