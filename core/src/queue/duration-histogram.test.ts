import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bucketMinutes,
  bucketOf,
  histogramQuantile,
  KIOSK_EDGES_SECONDS,
  WAIT_EDGES_SECONDS,
  SERVICE_EDGES_SECONDS,
  HISTOGRAM_BUCKETS,
} from './duration-histogram.ts';

describe('duration histograms', () => {
  it('have as many buckets for waits as for services (one projection layout)', () => {
    expect(SERVICE_EDGES_SECONDS.length - 1).toBe(HISTOGRAM_BUCKETS);
  });

  it.each([
    [-5, 0],
    [0, 0],
    [119, 0],
    [120, 1],
    [899, 3],
    [900, 4],
    [100_000, HISTOGRAM_BUCKETS - 1],
  ])('a wait of %i s falls in bucket %i', (s, b) => expect(bucketOf(WAIT_EDGES_SECONDS, s)).toBe(b));

  it('interpolates the quantile inside its bucket', () => {
    // 10 waits in [0, 120) and 10 in [120, 300): the median is 120 s, the 90th percentile 264 s.
    const counts = [10, 10, ...Array(HISTOGRAM_BUCKETS - 2).fill(0)];
    expect(histogramQuantile(WAIT_EDGES_SECONDS, counts, 0.5)).toBe(120);
    expect(histogramQuantile(WAIT_EDGES_SECONDS, counts, 0.9)).toBeCloseTo(264);
    expect(histogramQuantile(WAIT_EDGES_SECONDS, Array(HISTOGRAM_BUCKETS).fill(0), 0.9)).toBeNull();
  });

  it('property: the quantile lies in the bucket that holds the true quantile of the durations', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 14_000 }), { minLength: 1, maxLength: 300 }), (durations) => {
        const counts = Array(HISTOGRAM_BUCKETS).fill(0) as number[];
        for (const d of durations) counts[bucketOf(WAIT_EDGES_SECONDS, d)]!++;
        const sorted = [...durations].sort((a, b) => a - b);
        const truth = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
        const b = bucketOf(WAIT_EDGES_SECONDS, truth);
        const q = histogramQuantile(WAIT_EDGES_SECONDS, counts, 0.9)!;
        expect(q).toBeGreaterThanOrEqual(WAIT_EDGES_SECONDS[b]!);
        expect(q).toBeLessThanOrEqual(WAIT_EDGES_SECONDS[b + 1]!);
      }),
    );
  });

  it('names each bucket by its minutes, the last one open, and every duration falls in the bucket that names it', () => {
    expect(bucketMinutes(KIOSK_EDGES_SECONDS, 0)).toEqual({ from: 0, to: 1 });
    expect(bucketMinutes(KIOSK_EDGES_SECONDS, 3)).toEqual({ from: 3, to: 5 });
    expect(bucketMinutes(KIOSK_EDGES_SECONDS, HISTOGRAM_BUCKETS - 1)).toEqual({ from: 60, to: null });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (seconds) => {
        const { from, to } = bucketMinutes(KIOSK_EDGES_SECONDS, bucketOf(KIOSK_EDGES_SECONDS, seconds));
        expect(seconds).toBeGreaterThanOrEqual(from * 60);
        if (to !== null) expect(seconds).toBeLessThan(to * 60);
      }),
    );
  });
});
