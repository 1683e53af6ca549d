import type { DailyCountRow } from '@dangky/core/protocol';

/**
 * The server sends the finest rows (day × site × service × channel × provider × operator);
 * the manager chooses one dimension to read them by. Submissions are counted on rows with no
 * operator and completions on the operator's rows, so summing any grouping gives the same
 * totals — which the tests check.
 */
export const DIMENSIONS = ['day', 'site', 'service', 'channel', 'provider', 'operator'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Counts {
  submitted: number;
  completed: number;
  cancelled: number;
  /** e-ID level-2 results the police officer gave (approved / refused), recorded at the counter after the hand-off. */
  eidApproved: number;
  eidRefused: number;
}

export interface Group extends Counts {
  /** The value of the dimension; `null` where the row has none (e-ID has no channel). */
  key: string | null;
}

const keyOf: Record<Dimension, (r: DailyCountRow) => string | null> = {
  day: (r) => r.day,
  site: (r) => r.siteId,
  service: (r) => r.service,
  channel: (r) => r.channel,
  provider: (r) => r.providerId,
  operator: (r) => r.operatorId,
};

export const emptyCounts = (): Counts => ({ submitted: 0, completed: 0, cancelled: 0, eidApproved: 0, eidRefused: 0 });

/** What a server row or a group adds (a row has e-ID results only for e-ID level 2). */
type Countable = Pick<DailyCountRow, 'submitted' | 'completed' | 'cancelled' | 'eidApproved' | 'eidRefused'>;

function add(into: Counts, r: Countable): void {
  into.submitted += r.submitted;
  into.completed += r.completed;
  into.cancelled += r.cancelled;
  into.eidApproved += r.eidApproved ?? 0;
  into.eidRefused += r.eidRefused ?? 0;
}

/**
 * Rows grouped by one dimension, in a stable order (days ascending, other keys alphabetically,
 * the "none" group last). `days` lists every day of the range so a day with nothing still shows.
 */
export function groupBy(rows: readonly DailyCountRow[], dimension: Dimension, days: readonly string[] = []): Group[] {
  const groups = new Map<string | null, Group>();
  if (dimension === 'day') for (const d of days) groups.set(d, { key: d, ...emptyCounts() });
  for (const r of rows) {
    const key = keyOf[dimension](r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ...emptyCounts() }));
    add(g, r);
  }
  return [...groups.values()].sort((a, b) => (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1));
}

export function totals(rows: readonly Countable[]): Counts {
  const t = emptyCounts();
  for (const r of rows) add(t, r);
  return t;
}
