import { KIOSK_EDGES_SECONDS, SERVICE_EDGES_SECONDS, WAIT_EDGES_SECONDS, bucketOf } from '@dangky/core/queue';
import { periodStartOf, type Grouping } from '@dangky/core/time';
import type { QueueStatsDelta } from './queue-delta.ts';

/**
 * A batch's waiting-room deltas as the rows they add to, summed per key, so a push makes one
 * upsert row per key and table: per site and desk by day, ISO week (its Monday) and month (its
 * first day); per counter and clerk by day; the hourly profile by the same three grains. Waits and
 * service times go into their count, sums and histogram bucket, and so do times at the kiosk (per
 * site only: no counter or clerk has a part in them). Pure; `write-queue-stats.ts`
 * writes the rows (and the province rows from them).
 */
export interface SumRow {
  key: (string | number)[];
  sums: Record<string, number>;
}

export interface QueueStatsRows {
  /** key: grain, period, site, desk */
  site: SumRow[];
  /** key: day, site, desk, counter, clerk */
  staff: SumRow[];
  /** key: grain, period, site, hour */
  hourly: SumRow[];
}

const GRAINS: readonly Grouping[] = ['day', 'week', 'month'];

export function measuresOf(d: QueueStatsDelta): Record<string, number> {
  const m: Record<string, number> = {
    arrivals: d.arrivals,
    priority_arrivals: d.priorityArrivals,
    called: d.called,
    completed: d.completed,
    cancelled: d.cancelled,
  };
  if (d.waitSeconds !== null) {
    m.wait_count = 1;
    m.wait_sum_s = d.waitSeconds;
    m[`wait_h${bucketOf(WAIT_EDGES_SECONDS, d.waitSeconds)}`] = 1;
  }
  if (d.serviceSeconds !== null) {
    m.service_count = 1;
    m.service_sum_s = d.serviceSeconds;
    m.service_sumsq_s = d.serviceSeconds * d.serviceSeconds;
    m[`service_h${bucketOf(SERVICE_EDGES_SECONDS, d.serviceSeconds)}`] = 1;
  }
  if (d.kioskSeconds !== null) {
    m.kiosk_count = 1;
    m.kiosk_sum_s = d.kioskSeconds;
    m[`kiosk_h${bucketOf(KIOSK_EDGES_SECONDS, d.kioskSeconds)}`] = 1;
  }
  return m;
}

class Summer {
  readonly #rows = new Map<string, SumRow>();
  add(key: (string | number)[], sums: Record<string, number>) {
    const id = key.join('\u0000');
    let row = this.#rows.get(id);
    if (!row) this.#rows.set(id, (row = { key, sums: {} }));
    for (const [m, v] of Object.entries(sums)) if (v !== 0) row.sums[m] = (row.sums[m] ?? 0) + v;
  }
  get rows(): SumRow[] {
    return [...this.#rows.values()];
  }
}

export function queueStatsRows(deltas: readonly QueueStatsDelta[]): QueueStatsRows {
  const site = new Summer();
  const staff = new Summer();
  const hourly = new Summer();
  for (const d of deltas) {
    const m = measuresOf(d);
    const hour = { arrivals: d.arrivals, called: d.called, completed: d.completed };
    for (const grain of GRAINS) {
      const period = periodStartOf(d.day, grain);
      site.add([grain, period, d.siteId, d.desk], m);
      hourly.add([grain, period, d.siteId, d.hour], hour);
    }
    if (d.counterId !== null && d.operatorId !== null) staff.add([d.day, d.siteId, d.desk, d.counterId, d.operatorId], m);
  }
  return { site: site.rows, staff: staff.rows, hourly: hourly.rows };
}
