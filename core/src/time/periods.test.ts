import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween } from './hcm-day.ts';
import { groupingFor, isoWeekKey, periodKeyOf, periodLabelVi, periodStartOf, periodsBetween } from './periods.ts';

const prevDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe('report periods', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday
    ['2027-01-01', '2026-W53'], // a Friday: still the last week of 2026
    ['2024-12-30', '2025-W01'], // a Monday whose Thursday is in 2025
    ['2026-03-02', '2026-W10'],
    ['2026-03-08', '2026-W10'], // Sunday closes the week
    ['2026-03-09', '2026-W11'],
  ])('%s is in ISO week %s', (day, key) => expect(isoWeekKey(day)).toBe(key));

  it.each([
    ['2026-03-04', 'day', '2026-03-04'],
    ['2026-03-04', 'week', '2026-03-02'],
    ['2026-03-08', 'week', '2026-03-02'], // Sunday belongs to the Monday before
    ['2026-03-09', 'week', '2026-03-09'],
    ['2027-01-01', 'week', '2026-12-28'], // across the year, as ISO week 2026-W53
    ['2026-03-31', 'month', '2026-03-01'],
  ] as const)('%s starts its %s on %s', (day, grouping, start) => expect(periodStartOf(day, grouping)).toBe(start));

  it('lists every period of the range, empty ones too, clipped to the range', () => {
    expect(periodsBetween('2026-03-04', '2026-03-17', 'week')).toEqual([
      { key: '2026-W10', from: '2026-03-04', to: '2026-03-08' },
      { key: '2026-W11', from: '2026-03-09', to: '2026-03-15' },
      { key: '2026-W12', from: '2026-03-16', to: '2026-03-17' },
    ]);
    expect(periodsBetween('2026-01-15', '2026-03-02', 'month').map((p) => [p.key, p.from, p.to])).toEqual([
      ['2026-01', '2026-01-15', '2026-01-31'],
      ['2026-02', '2026-02-01', '2026-02-28'],
      ['2026-03', '2026-03-01', '2026-03-02'],
    ]);
    expect(periodsBetween('2026-03-01', '2026-03-03', 'day').map((p) => p.key)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  it('property: the periods cover every day of the range once, in order', () => {
    const day = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (from, span, grouping) => {
          const to = new Date(Date.parse(`${from}T00:00:00Z`) + span * 86_400_000).toISOString().slice(0, 10);
          const periods = periodsBetween(from, to, grouping);
          expect(periods.flatMap((p) => daysBetween(p.from, p.to))).toEqual(daysBetween(from, to));
          expect(new Set(periods.map((p) => p.key)).size).toBe(periods.length);
          // Each day's period starts on a day of the same period, at most a month before it.
          for (const d of [from, to]) {
            const start = periodStartOf(d, grouping);
            expect(periodKeyOf(start, grouping)).toBe(periodKeyOf(d, grouping));
            expect(start <= d && daysBetween(start, d).length <= 31).toBe(true);
            expect(periodKeyOf(prevDay(start), grouping)).not.toBe(periodKeyOf(d, grouping));
          }
        },
      ),
    );
  });

  it('picks a grouping a chart can show: a year in months', () => {
    expect(groupingFor('2026-03-01', '2026-03-31')).toBe('day');
    expect(groupingFor('2026-01-01', '2026-05-31')).toBe('week');
    expect(groupingFor('2025-03-01', '2026-02-28')).toBe('month');
    expect(periodsBetween('2025-03-01', '2026-02-28', 'month')).toHaveLength(12);
  });

  it('labels periods the Vietnamese way', () => {
    const [week] = periodsBetween('2026-03-02', '2026-03-08', 'week');
    expect(periodLabelVi(week!, 'week')).toBe('Tuần 10 (02/03–08/03/2026)');
    expect(periodLabelVi({ key: '2026-03', from: '2026-03-01', to: '2026-03-31' }, 'month')).toBe('Tháng 3/2026');
    expect(periodLabelVi({ key: '2026-03-02', from: '2026-03-02', to: '2026-03-02' }, 'day')).toBe('02/03/2026');
  });
});
