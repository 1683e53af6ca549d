import { HISTOGRAM_BUCKETS } from '@dangky/core/queue';

/**
 * The measure columns of the waiting-room statistics tables (migrations 0007 and 0010), written
 * once for the ingest step that adds to them and the reports that sum them. Every measure is
 * additive, so a week is the sum of its days and a province the sum of its sites.
 */
export const histogramColumns = (prefix: 'wait_h' | 'service_h'): string[] =>
  Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => `${prefix}${i}`);

export const COUNT_COLUMNS = ['arrivals', 'priority_arrivals', 'called', 'no_shows', 'transferred', 'completed', 'cancelled'] as const;

/** Integer measures: counts and histogram buckets. */
export const INT_MEASURES = [
  ...COUNT_COLUMNS,
  'wait_count',
  ...histogramColumns('wait_h'),
  'service_count',
  ...histogramColumns('service_h'),
] as const;
/** Seconds, summed (and squared for the service times' spread). */
export const FLOAT_MEASURES = ['wait_sum_s', 'service_sum_s', 'service_sumsq_s'] as const;
export const QUEUE_MEASURES: readonly string[] = [...INT_MEASURES, ...FLOAT_MEASURES];

/** The hourly profile's measures. */
export const HOURLY_MEASURES = ['arrivals', 'called', 'completed'] as const;

export const sqlTypeOf = (column: string): 'int' | 'float8' => ((FLOAT_MEASURES as readonly string[]).includes(column) ? 'float8' : 'int');
