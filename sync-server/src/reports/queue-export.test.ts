import { describe, expect, it } from 'vitest';
import { bucketOf, HISTOGRAM_BUCKETS, KIOSK_EDGES_SECONDS } from '@dangky/core/queue';
import { queueReportResponse } from '@dangky/core/protocol';
import { queueTables } from './queue-export.ts';

const histogram = (...seconds: number[]) => {
  const counts = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
  for (const s of seconds) counts[bucketOf(KIOSK_EDGES_SECONDS, s)]! += 1;
  return counts;
};

const report = (scope: 'site' | 'national') =>
  queueReportResponse.parse({
    scope,
    from: '2026-12-01',
    to: '2026-12-07',
    grouping: 'day',
    timeZone: 'Asia/Ho_Chi_Minh',
    periods: [],
    hours: [],
    staff: [],
    desks: [],
    kioskTime: { count: 3, meanSeconds: 150, histogram: histogram(95, 200, 4000) },
    live: [],
  });

describe('the waiting-room report as a manager downloads it', () => {
  it('has a sheet of the time citizens took at the kiosk: each bucket by its minutes, then all with the mean', () => {
    for (const scope of ['site', 'national'] as const) {
      const kiosk = queueTables(report(scope)).at(-1)!;
      expect(kiosk.name).toBe('Thời gian tại kiosk');
      expect(kiosk.columns.map((c) => c.header)).toEqual(['Thời gian tại kiosk', 'Số lượt', 'Trung bình (phút)']);
      expect(kiosk.rows).toHaveLength(HISTOGRAM_BUCKETS + 1);
      expect(kiosk.rows[0]).toEqual(['0–1 phút', 0, null]);
      expect(kiosk.rows[1]).toEqual(['1–2 phút', 1, null]);
      expect(kiosk.rows[3]).toEqual(['3–5 phút', 1, null]);
      expect(kiosk.rows[HISTOGRAM_BUCKETS - 1]).toEqual(['60 phút trở lên', 1, null]);
      expect(kiosk.rows.at(-1)).toEqual(['Tất cả', 3, 2.5]);
    }
  });
});
