import { describe, expect, it } from 'vitest';
import { sameHoursEveryDay } from '@dangky/core/schemas';
import { badDays, hoursOfRows, mondayThroughFriday, weekRows } from './week-hours-form.ts';

describe('the sites page’s week of opening hours', () => {
  it('starts a new office on the usual week, and sends only the open days', () => {
    const rows = weekRows(null);
    expect(hoursOfRows(rows)).toEqual(sameHoursEveryDay({ opens: '07:30', closes: '17:00' }, ['mon', 'tue', 'wed', 'thu', 'fri']));
  });

  it('round-trips a stored week, Saturday mornings and a closed Wednesday included', () => {
    const week = {
      ...sameHoursEveryDay({ opens: '08:00', closes: '16:30' }),
      wed: null,
      sat: { opens: '07:30', closes: '11:30' },
      sun: null,
    };
    expect(hoursOfRows(weekRows(week))).toEqual(week);
  });

  it('keeps a closed day’s times, and names open days that close before they open', () => {
    const rows = weekRows(null);
    rows.tue = { open: false, opens: '13:00', closes: '12:00', lunchFrom: '', lunchTo: '' };
    rows.thu = { ...rows.thu, lunchFrom: '11:30' };
    rows.sat = { open: true, opens: '11:30', closes: '07:30', lunchFrom: '', lunchTo: '' };
    expect(badDays(rows)).toEqual(['thu', 'sat']);
    rows.tue.open = true;
    expect(badDays(rows)).toEqual(['tue', 'thu', 'sat']);
  });

  it('copies Monday to the other working days, leaving the weekend', () => {
    const rows = weekRows(null);
    rows.mon = { open: true, opens: '07:00', closes: '17:00', lunchFrom: '11:30', lunchTo: '13:00' };
    const copied = hoursOfRows(mondayThroughFriday(rows));
    expect([copied.fri, copied.sat]).toEqual([{ opens: '07:00', closes: '17:00', lunch: { from: '11:30', to: '13:00' } }, null]);
  });
});
