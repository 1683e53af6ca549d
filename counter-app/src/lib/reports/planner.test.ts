import { describe, expect, it } from 'vitest';
import {
  defaultForm,
  plannerInputOf,
  profileFromDay,
  runPlan,
  runPlanOffThread,
  DEFAULT_NO_SHOW_RATE,
  MIN_MEASURED_CALLS,
} from './planner.ts';

const hours = (arrivals: Record<number, number>) =>
  Array.from({ length: 24 }, (_, hour) => ({ hour, arrivals: arrivals[hour] ?? 0, called: 0, completed: 0 }));
const period = (called: number, noShows: number, completed: number) =>
  ({ called, noShows, completed }) as unknown as Parameters<typeof profileFromDay>[1]['periods'][number];

describe('booth-day planner on the page', () => {
  it('takes a past day from its first to its last hour with arrivals, gaps as zero', () => {
    const p = profileFromDay('2026-12-05', { hours: hours({ 9: 12, 10: 30, 12: 8 }), periods: [period(40, 4, 33)] });
    expect(p).toEqual({
      openingHour: 9,
      arrivalsPerHour: [12, 30, 0, 8],
      sources: { pastDay: { day: '2026-12-05', arrivals: 50, completed: 33 }, noShow: { rate: 0.1, calls: 40 } },
    });
  });

  it('keeps the default no-show rate when the day measured too few calls, and gives nothing for an empty day', () => {
    const p = profileFromDay('2026-12-05', { hours: hours({ 9: 5 }), periods: [period(MIN_MEASURED_CALLS - 1, 10, 5)] });
    expect(p!.sources.noShow).toBeNull();
    expect(plannerInputOf({ ...defaultForm(), arrivalsPerHour: p!.arrivalsPerHour }, p!.sources).noShowRate).toBe(DEFAULT_NO_SHOW_RATE);
    expect(profileFromDay('2026-12-06', { hours: hours({}), periods: [] })).toBeNull();
  });

  it('leaves out a desk nobody comes for and refuses a day where nobody comes for any', () => {
    const form = defaultForm();
    form.desks[2]!.share = 0;
    expect(plannerInputOf(form, { pastDay: null, noShow: null }).desks.map((d) => d.service)).toEqual(['token', 'remote']);
    expect(() =>
      plannerInputOf({ ...form, desks: form.desks.map((d) => ({ ...d, share: 0 })) }, { pastDay: null, noShow: null }),
    ).toThrow();
  });

  it('asks more counters of a busier day, the same answer for the same seed', () => {
    const quiet = { ...defaultForm(), arrivalsPerHour: [20, 20, 20] };
    const busy = { ...quiet, arrivalsPerHour: [80, 80, 80] };
    const sources = { pastDay: null, noShow: null };
    const run = (f: typeof quiet) => runPlan({ ...plannerInputOf(f, sources), replications: 20 }, 15);
    const a = run(quiet);
    const b = run(busy);
    const total = (p: typeof a) => p.needed.reduce((s, n) => s + (n.counters ?? 100), 0);
    expect(total(b)).toBeGreaterThan(total(a));
    expect(run(busy).needed).toEqual(b.needed);
    expect(a.result.hours[0]!.hour).toBe(8);
    expect(a.explanation.expectedArrivals).toBe(60);
  });

  it('gives the same plan off the page thread as on it (here without workers: on the thread)', async () => {
    const input = { ...plannerInputOf({ ...defaultForm(), arrivalsPerHour: [30, 40] }, { pastDay: null, noShow: null }), replications: 10 };
    const off = await runPlanOffThread(input, 15);
    expect(off.needed).toEqual(runPlan(input, 15).needed);
  });
});
