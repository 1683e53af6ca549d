import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, hcmClock, hcmDay, hcmDayStart } from './hcm-day.ts';

describe('Ho Chi Minh day boundaries', () => {
  it('puts 16:59:59Z in the same day and 17:00Z in the next', () => {
    expect(hcmDay('2026-11-22T16:59:59Z')).toBe('2026-11-22');
    expect(hcmDay('2026-11-22T17:00:00Z')).toBe('2026-11-23');
    expect(hcmClock('2026-11-22T02:05:00Z')).toBe('09:05');
    expect(hcmDayStart('2026-11-23').toISOString()).toBe('2026-11-22T17:00:00.000Z');
  });

  it('agrees with Intl for any instant since 1976', () => {
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1976, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        expect(hcmDay(ms)).toBe(fmt.format(ms));
      }),
    );
  });

  it('lists the days of a range inclusively', () => {
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
