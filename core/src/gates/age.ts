/**
 * Age in full years on a calendar day, both `YYYY-MM-DD` — the day is the Ho Chi Minh day of the
 * moment that matters (`hcmDay(at)`), never the UTC date, so a citizen who turns 18 at midnight in
 * Vietnam is 18 all of that Vietnamese day.
 *
 * A birthday on 29 February falls, in a year without one, on 28 February: when a period counted
 * in years ends in a month without the matching day, it ends on that month's last day (the rule
 * the Civil Code 2015 applies to periods counted in years, Art. 148). Pure calendar arithmetic on
 * the date parts: no `Date`, no time zone.
 */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(day);
  let age = y - by;
  // This year's birthday, moved to the month's last day when the month is shorter.
  const birthdayDay = Math.min(bd, daysInMonth(y, bm));
  if (m < bm || (m === bm && d < birthdayDay)) age--;
  return Math.max(age, -1);
}

/** The first day on which someone born on `birthDate` is `years` old (`YYYY-MM-DD`). */
export function birthdayAt(birthDate: string, years: number): string {
  const [by, bm, bd] = parts(birthDate);
  const y = by + years;
  const d = Math.min(bd, daysInMonth(y, bm));
  return `${String(y).padStart(4, '0')}-${String(bm).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function parts(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError('ageOn: expected YYYY-MM-DD');
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number): number => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);
