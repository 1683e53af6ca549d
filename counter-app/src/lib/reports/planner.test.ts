import { describe, expect, it } from 'vitest';
import { defaultForm, plannerInputOf, profileFromDay, runPlan, runPlanOffThread } from './planner.ts';
import {
  DEFAULT_DESKS,
  DEFAULT_KIOSK_TIME,
  DEFAULT_NO_SHOW_RATE,
  KIOSK_EDGES_SECONDS,
  MIN_MEASURED_CALLS,
  MIN_MEASURED_KIOSK_TIMES,
  MIN_MEASURED_SERVICES,
  SERVICE_EDGES_SECONDS,
} from '@dangky/core/queue';

const hours = (arrivals: Record<number, number>) =>
  Array.from({ length: 24 }, (_, hour) => ({ hour, arrivals: arrivals[hour] ?? 0, called: 0, completed: 0 }));
/** A day whose kiosks said nothing of the time citizens took (before they measured it). */
const unmeasured = { count: 0, meanSeconds: null, histogram: KIOSK_EDGES_SECONDS.slice(1).map(() => 0) };
const period = (called: number, noShows: number, completed: number) =>
  ({ called, noShows, completed }) as unknown as Parameters<typeof profileFromDay>[1]['periods'][number];

describe('booth-day planner on the page', () => {
  it('takes a past day from its first to its last hour with arrivals, gaps as zero', () => {
    const p = profileFromDay('2026-12-05', {
      hours: hours({ 9: 12, 10: 30, 12: 8 }),
      periods: [period(40, 4, 33)],
      desks: [],
      kioskTime: unmeasured,
    });
    expect(p).toEqual({
      openingHour: 9,
      arrivalsPerHour: [12, 30, 0, 8],
      shares: null,
      sources: {
        pastDay: { day: '2026-12-05', arrivals: 50, completed: 33 },
        noShow: { rate: 0.1, calls: 40 },
        desks: [],
        kiosk: { day: '2026-12-05', registrations: 0, meanSeconds: null, kioskTime: null },
      },
    });
  });

  it('keeps the default no-show rate when the day measured too few calls, and gives nothing for an empty day', () => {
    const p = profileFromDay('2026-12-05', {
      hours: hours({ 9: 5 }),
      periods: [period(MIN_MEASURED_CALLS - 1, 10, 5)],
      desks: [],
      kioskTime: unmeasured,
    });
    expect(p!.sources.noShow).toBeNull();
    expect(plannerInputOf({ ...defaultForm(), arrivalsPerHour: p!.arrivalsPerHour }, p!.sources).noShowRate).toBe(DEFAULT_NO_SHOW_RATE);
    expect(profileFromDay('2026-12-06', { hours: hours({}), periods: [], desks: [], kioskTime: unmeasured })).toBeNull();
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

describe("the planner with a past day's desks", () => {
  const desk = (name: 'token' | 'remote' | 'eid-level2', arrivals: number, services: number) =>
    ({
      desk: name,
      arrivals,
      meanServiceSeconds: services ? 200 : null,
      // Every service between 3 and 5 minutes (the projection's fourth bucket).
      serviceHistogram: SERVICE_EDGES_SECONDS.slice(1).map((_, i) => (i === 3 ? services : 0)),
    }) as unknown as Parameters<typeof profileFromDay>[1]['desks'][number];

  it("draws a desk's service from the day's measured times when it measured enough, the default otherwise, and takes the day's split", () => {
    const p = profileFromDay('2026-12-05', {
      hours: hours({ 9: 60, 10: 40 }),
      periods: [period(90, 0, 80)],
      desks: [desk('token', 50, MIN_MEASURED_SERVICES), desk('remote', 30, MIN_MEASURED_SERVICES - 1), desk('eid-level2', 20, 0)],
      kioskTime: unmeasured,
    })!;
    expect(p.shares).toEqual({ token: 0.5, remote: 0.3, 'eid-level2': 0.2 });
    // A day with too few arrivals says nothing of the split.
    const quiet = profileFromDay('2026-12-06', {
      hours: hours({ 9: 3 }),
      periods: [period(3, 0, 3)],
      desks: [desk('token', 3, 3)],
      kioskTime: unmeasured,
    })!;
    expect(quiet.shares).toBeNull();
    expect(p.sources.desks?.map((d) => [d.service, d.services])).toEqual([['token', MIN_MEASURED_SERVICES]]);
    const input = plannerInputOf({ ...defaultForm(), arrivalsPerHour: p.arrivalsPerHour }, p.sources);
    const token = input.desks.find((d) => d.service === 'token')!;
    expect(token.serviceTime).toMatchObject({ kind: 'histogram', edgesSeconds: [...SERVICE_EDGES_SECONDS] });
    expect(input.desks.find((d) => d.service === 'remote')!.serviceTime).toEqual(DEFAULT_DESKS.remote.serviceTime);
    // Measured 3–5 minutes against the default's 8 on average: the token desk waits less for the same day.
    const planOf = (sources: typeof p.sources) =>
      runPlan({ ...plannerInputOf({ ...defaultForm(), arrivalsPerHour: [60, 60, 60] }, sources), replications: 20 }, 15);
    const p90 = (plan: ReturnType<typeof planOf>) => plan.result.desks.find((d) => d.service === 'token')!.p90WaitMinutes;
    expect(p90(planOf(p.sources))).toBeLessThan(p90(planOf({ pastDay: null, noShow: null })));
  });
});

describe("the planner with a past day's kiosk times", () => {
  /** `n` registrations that took between `edge` and the next bucket's edge at the kiosk. */
  const kioskDay = (n: number, edge: number) => ({
    count: n,
    meanSeconds: n ? edge + 10 : null,
    histogram: KIOSK_EDGES_SECONDS.slice(1).map((_, i) => (KIOSK_EDGES_SECONDS[i] === edge ? n : 0)),
  });
  const day = (kioskTime: ReturnType<typeof kioskDay>) =>
    profileFromDay('2026-12-05', { hours: hours({ 9: 60, 10: 40 }), periods: [period(90, 0, 80)], desks: [], kioskTime })!;

  it('takes the kiosk time the day measured from enough registrations, and says from how many', () => {
    const p = day(kioskDay(MIN_MEASURED_KIOSK_TIMES, 600));
    expect(p.sources.kiosk).toMatchObject({ day: '2026-12-05', registrations: MIN_MEASURED_KIOSK_TIMES, meanSeconds: 610 });
    const input = plannerInputOf({ ...defaultForm(), arrivalsPerHour: p.arrivalsPerHour }, p.sources);
    expect(input.kioskTime).toEqual({ kind: 'histogram', edgesSeconds: [...KIOSK_EDGES_SECONDS], counts: kioskDay(30, 600).histogram });
    // 10 to 15 minutes at the kiosk against the default's 2 or so: the plan says so.
    expect(runPlan({ ...input, replications: 5 }, 15).explanation.kioskMeanMinutes).toBeGreaterThanOrEqual(10);
  });

  it('keeps the default when too few registrations measured it, or none did, or no day was taken', () => {
    const tooFew = day(kioskDay(MIN_MEASURED_KIOSK_TIMES - 1, 600));
    // The page says how many there were: fewer than enough.
    expect(tooFew.sources.kiosk).toMatchObject({ registrations: MIN_MEASURED_KIOSK_TIMES - 1, kioskTime: null });
    for (const p of [tooFew, day(unmeasured)]) {
      expect(p.sources.kiosk?.kioskTime).toBeNull();
      expect(plannerInputOf(defaultForm(), p.sources).kioskTime).toEqual(DEFAULT_KIOSK_TIME);
    }
    expect(plannerInputOf(defaultForm(), { pastDay: null, noShow: null }).kioskTime).toEqual(DEFAULT_KIOSK_TIME);
  });
});
