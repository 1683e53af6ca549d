import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hcmDay } from '../time/hcm-day.ts';
import { ageOn, birthdayAt } from './age.ts';

describe('ageOn', () => {
  it.each([
    ['2008-03-07', '2026-03-06', 17],
    ['2008-03-07', '2026-03-07', 18],
    ['2008-03-07', '2026-03-08', 18],
    ['2008-12-31', '2026-12-30', 17],
    ['2008-12-31', '2026-12-31', 18],
    ['2012-01-01', '2025-12-31', 13],
    ['2012-01-01', '2026-01-01', 14],
    // Born on 29 February: the birthday falls on 28 February in a year without a 29th.
    ['2008-02-29', '2026-02-27', 17],
    ['2008-02-29', '2026-02-28', 18],
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
    ['2020-06-15', '2026-06-15', 6],
    ['2026-06-15', '2026-06-15', 0],
  ])('born %s is on %s %i years old', (birth, day, age) => {
    expect(ageOn(birth, day)).toBe(age);
  });

  it('counts the day in Asia/Ho_Chi_Minh: 18 from 00:00 in Vietnam (17:00 UTC the day before)', () => {
    expect(ageOn('2008-03-07', hcmDay('2026-03-06T16:59:59.999Z'))).toBe(17);
    expect(ageOn('2008-03-07', hcmDay('2026-03-06T17:00:00.000Z'))).toBe(18);
  });

  it('is reached exactly on birthdayAt, never a day before', () => {
    const day = fc.integer({ min: Date.UTC(1930, 0, 1), max: Date.UTC(2030, 0, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 90 }), (birth, years) => {
        const at = birthdayAt(birth, years);
        const before = new Date(Date.parse(`${at}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        expect(ageOn(birth, at)).toBe(years);
        expect(ageOn(birth, before)).toBe(years - 1);
      }),
    );
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => ageOn('07/03/2008', '2026-03-07')).toThrow(RangeError);
  });
});
