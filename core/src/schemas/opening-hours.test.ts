import { describe, expect, it } from 'vitest';
import { dayHoursText, hoursSpans, openingHours, sameHoursEveryDay, type OpeningHours } from './opening-hours.ts';

const office: OpeningHours = {
  ...sameHoursEveryDay({ opens: '07:30', closes: '17:00' }, ['mon', 'tue', 'wed', 'thu', 'fri']),
  sat: { opens: '07:30', closes: '11:30' },
};

describe('opening hours per weekday', () => {
  it.each([
    [sameHoursEveryDay({ opens: '08:00', closes: '21:00' }), [['mon', 'sun', '08:00']]],
    [
      office,
      [
        ['mon', 'fri', '07:30'],
        ['sat', 'sat', '07:30'],
        ['sun', 'sun', null],
      ],
    ],
    [
      { ...office, wed: null },
      [
        ['mon', 'tue', '07:30'],
        ['wed', 'wed', null],
        ['thu', 'fri', '07:30'],
        ['sat', 'sat', '07:30'],
        ['sun', 'sun', null],
      ],
    ],
    [sameHoursEveryDay(null), [['mon', 'sun', null]]],
    [
      { ...office, fri: { opens: '07:30', closes: '17:00', lunch: { from: '11:30', to: '13:30' } } },
      [
        ['mon', 'thu', '07:30'],
        ['fri', 'fri', '07:30'],
        ['sat', 'sat', '07:30'],
        ['sun', 'sun', null],
      ],
    ],
  ])('reads a week as runs of days with the same hours (%#)', (hours, expected) => {
    expect(hoursSpans(hours).map((s) => [s.from, s.to, s.hours?.opens ?? null])).toEqual(expected);
  });

  it.each([
    [{ opens: '11:30', closes: '07:30' }, false],
    [{ opens: '07:30', closes: '17:00', lunch: { from: '11:30', to: '13:30' } }, true],
    [{ opens: '07:30', closes: '17:00', lunch: { from: '13:30', to: '11:30' } }, false],
    [{ opens: '07:30', closes: '17:00', lunch: { from: '07:00', to: '08:00' } }, false],
    [{ opens: '07:30', closes: '17:00', lunch: { from: '16:00', to: '17:00' } }, false],
  ])('takes a day whose lunch break lies inside it, refusing any other with the code (%o)', (sat, ok) => {
    const parsed = openingHours.safeParse({ ...office, sat });
    expect(parsed.success).toBe(ok);
    if (!ok) expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['sat', 'DK_ERR_OPENING_HOURS_INVALID']]);
  });

  it('writes a day as a sign shows it, around lunch too', () => {
    expect([
      dayHoursText({ opens: '07:30', closes: '17:00' }),
      dayHoursText({ opens: '07:30', closes: '17:00', lunch: { from: '11:30', to: '13:30' } }),
    ]).toEqual(['07:30–17:00', '07:30–11:30, 13:30–17:00']);
  });
});
