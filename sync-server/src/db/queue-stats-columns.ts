import { HISTOGRAM_BUCKETS } from '@dangky/core/queue';

/**
 * The measure columns of the waiting-room statistics tables (migrations 0007, 0010 and 0029), written
 * once for the ingest step that adds to them and the reports that sum them. Every measure is
 * additive, so a week is the sum of its days and a province the sum of its sites.
 */
export const histogramColumns = (prefix: 'wait_h' | 'service_h' | 'kiosk_h'): string[] =>
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

/** Times at the kiosk (migration 0029): per site and per province only, never per counter and clerk. */
export const KIOSK_MEASURES = ['kiosk_count', ...histogramColumns('kiosk_h'), 'kiosk_sum_s'] as const;
/** The measures of the per-site and per-province tables: the shared ones and the kiosk's. */
export const SITE_MEASURES: readonly string[] = [...QUEUE_MEASURES, ...KIOSK_MEASURES];

/** The hourly profile's measures. */
export const HOURLY_MEASURES = ['arrivals', 'called', 'completed'] as const;

export const sqlTypeOf = (column: string): 'int' | 'float8' =>
  (FLOAT_MEASURES as readonly string[]).includes(column) || column === 'kiosk_sum_s' ? 'float8' : 'int';
