import { describe, expect, it } from 'vitest';
import { clockSkewSeconds, defaultEventTimeWindow, eventTimeWindow, isWithinEventWindow } from './event-time.ts';

describe('event time window', () => {
  const now = new Date('2026-12-06T06:00:00Z');
  it.each([
    ['2026-12-06T06:00:00Z', true],
    ['2026-11-06T06:00:00Z', true], // 30 days behind: an offline device's month
    ['2026-11-06T05:59:59Z', false],
    ['2026-12-06T06:10:00Z', true], // 10 minutes of drift ahead
    ['2026-12-06T06:10:01Z', false],
    ['1970-01-01T00:00:00Z', false],
    ['2099-01-01T00:00:00+07:00', false],
  ])('%s is within the default window: %s', (at, within) => {
    expect(isWithinEventWindow(at, now, defaultEventTimeWindow)).toBe(within);
  });

  it('takes its bounds from configuration', () => {
    const wide = eventTimeWindow.parse({ pastDays: 400, aheadMinutes: 0 });
    expect(isWithinEventWindow('2026-01-01T00:00:00Z', now, wide)).toBe(true);
    expect(isWithinEventWindow('2026-12-06T06:00:01Z', now, wide)).toBe(false);
  });

  it('measures a device clock ahead as positive, behind as negative', () => {
    expect(clockSkewSeconds('2026-12-06T06:05:00+00:00', now)).toBe(300);
    expect(clockSkewSeconds('2026-12-06T12:59:00+07:00', now)).toBe(-60);
  });
});
