import type { SimDay } from './draw-day.ts';

/**
 * One desk's queue for a day: first come (by ticket time), first served, by `counters` counters
 * that each take the next citizen as soon as they are free. Writes into `startedAt`, for each
 * citizen of that desk, when their service began (seconds from opening); their wait is that
 * minus their ticket time. Other desks' entries are left as they were.
 */
export function runDesk(day: SimDay, desk: number, counters: number, startedAt: Float64Array = new Float64Array(day.count)): Float64Array {
  if (counters < 1) throw new RangeError('runDesk: at least one counter');
  const freeAt = new Float64Array(counters);
  for (let n = 0; n < day.count; n++) {
    const i = day.ticketOrder[n]!;
    if (day.desk[i] !== desk) continue;
    let k = 0;
    for (let j = 1; j < counters; j++) if (freeAt[j]! < freeAt[k]!) k = j;
    const start = Math.max(day.ticketAt[i]!, freeAt[k]!);
    startedAt[i] = start;
    freeAt[k] = start + day.counterSeconds[i]!;
  }
  return startedAt;
}
