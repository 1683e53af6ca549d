import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countersNeeded, deskP90Minutes } from './counters-needed.ts';
import { drawDay } from './draw-day.ts';
import { erlangC, erlangCWaitBeyond } from './erlang-c.ts';
import { explainPlan } from './explain-plan.ts';
import { plannerInput, type PlannerInput } from './planner-input.ts';
import { runDesk } from './run-desk.ts';
import { drawDays, simulateDay } from './simulate-day.ts';
import { distribution, sampler } from './distribution.ts';
import { createRng } from './rng.ts';
import { measuredKioskTime, measuredServiceTime, MIN_MEASURED_KIOSK_TIMES, MIN_MEASURED_SERVICES } from './planner-defaults.ts';
import { KIOSK_EDGES_SECONDS, SERVICE_EDGES_SECONDS } from '../duration-histogram.ts';

const MEAN = 300;

/** One desk, Poisson arrivals, exponential service, no kiosk time, no no-shows: the M/M/c textbook case. */
function mmc(counters: number, utilisation: number, hours: number, seed: number, replications = 1): PlannerInput {
  return {
    seed,
    replications,
    openingHour: 0,
    arrivalsPerHour: Array(hours).fill((utilisation * counters * 3600) / MEAN),
    desks: [{ service: 'token', share: 1, counters, serviceTime: { kind: 'exponential', meanSeconds: MEAN } }],
    kioskTime: { kind: 'fixed', seconds: 0 },
    noShowRate: 0,
    noShowSeconds: 0,
  };
}

describe('Erlang C', () => {
  it('matches the textbook figures', () => {
    // M/M/1 at ρ = 0.5: P(wait) = ρ, Wq = ρ/(μ − λ) = 0.5 × 300 / 0.5 = 300 s.
    const one = erlangC({ arrivalRate: 0.5 / MEAN, meanServiceSeconds: MEAN, counters: 1 });
    expect(one.waitProbability).toBeCloseTo(0.5, 10);
    expect(one.meanWaitSeconds).toBeCloseTo(300, 6);
    // M/M/2 with a = 1 (ρ = 0.5): C = 1/3, Wq = C / (2μ − λ) = (1/3) × 300 = 100 s.
    const two = erlangC({ arrivalRate: 1 / MEAN, meanServiceSeconds: MEAN, counters: 2 });
    expect(two.waitProbability).toBeCloseTo(1 / 3, 10);
    expect(two.meanWaitSeconds).toBeCloseTo(100, 6);
    expect(erlangC({ arrivalRate: 3 / MEAN, meanServiceSeconds: MEAN, counters: 2 }).meanWaitSeconds).toBe(Infinity);
  });
});

describe('the day simulation', () => {
  it('agrees with M/M/c within a few percent (c = 3, ρ = 0.7, about 300,000 citizens)', () => {
    const input = mmc(3, 0.7, 4000, 11, 3);
    const days = drawDays(input);
    const closed = erlangC({ arrivalRate: (0.7 * 3) / MEAN, meanServiceSeconds: MEAN, counters: 3 });
    let n = 0;
    let waited = 0;
    let beyond = 0;
    for (const day of days) {
      const start = runDesk(day, 0, 3);
      for (let i = 0; i < day.count; i++) {
        const w = start[i]! - day.ticketAt[i]!;
        n++;
        if (w > 0) waited++;
        if (w > MEAN) beyond++;
      }
    }
    const result = simulateDay(input, days);
    expect(n).toBeGreaterThan(290_000);
    expect(result.meanWaitMinutes * 60).toBeGreaterThan(closed.meanWaitSeconds * 0.96);
    expect(result.meanWaitMinutes * 60).toBeLessThan(closed.meanWaitSeconds * 1.04);
    expect(Math.abs(waited / n - closed.waitProbability)).toBeLessThan(0.02 * closed.waitProbability);
    const tail = erlangCWaitBeyond({ arrivalRate: (0.7 * 3) / MEAN, meanServiceSeconds: MEAN, counters: 3 }, MEAN);
    expect(Math.abs(beyond / n - tail)).toBeLessThan(0.05 * tail);
    expect(result.desks[0]!.utilisation).toBeGreaterThan(0.68);
    expect(result.desks[0]!.utilisation).toBeLessThan(0.72);
  });

  it('is deterministic for a seed, and another seed draws another day', () => {
    const input = plannerInput.parse({
      ...mmc(2, 0.8, 10, 5, 20),
      kioskTime: { kind: 'exponential', meanSeconds: 120 },
      noShowRate: 0.1,
      noShowSeconds: 90,
    });
    expect(simulateDay(input)).toEqual(simulateDay(input));
    expect(simulateDay({ ...input, seed: 6 })).not.toEqual(simulateDay(input));
  });

  it('reports per hour: arrivals as expected, and the queue and wait the hours cause', () => {
    // A quiet morning hour, then a rush the two counters cannot absorb.
    const input: PlannerInput = { ...mmc(2, 0.3, 1, 3, 200), arrivalsPerHour: [10, 40, 10] };
    const r = simulateDay(input);
    expect(r.hours[0]!.arrivals).toBeGreaterThan(9);
    expect(r.hours[0]!.arrivals).toBeLessThan(11);
    expect(r.hours[1]!.arrivals).toBeGreaterThan(38);
    expect(r.hours[1]!.meanQueue).toBeGreaterThan(r.hours[0]!.meanQueue * 3);
    expect(r.hours[1]!.p90WaitMinutes).toBeGreaterThan(r.hours[0]!.p90WaitMinutes);
    expect(r.hours[1]!.p90WaitMinutes).toBeGreaterThanOrEqual(r.hours[1]!.meanWaitMinutes);
    expect(r.hours[1]!.p50WaitMinutes).toBeLessThanOrEqual(r.hours[1]!.p90WaitMinutes);
    expect(r.hours[1]!.p50WaitMinutes).toBeGreaterThan(r.hours[0]!.p50WaitMinutes);
    expect(r.hours.map((h) => h.hour).slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('no-shows hold a counter for their lost time, not a service', () => {
    const base: PlannerInput = { ...mmc(1, 0.6, 8, 9, 50), noShowRate: 0.5, noShowSeconds: 0 };
    const day = drawDay(base, 0);
    for (let i = 0; i < day.count; i++) if (day.noShow[i]) expect(day.counterSeconds[i]).toBe(0);
    expect(simulateDay(base).meanWaitMinutes).toBeLessThan(simulateDay({ ...base, noShowSeconds: 300 }).meanWaitMinutes);
  });
});

describe('property: more counters never make anyone wait longer', () => {
  const dist = fc.oneof(
    fc.record({ kind: fc.constant('exponential' as const), meanSeconds: fc.integer({ min: 30, max: 900 }) }),
    fc.record({ kind: fc.constant('fixed' as const), seconds: fc.integer({ min: 0, max: 900 }) }),
    fc.record({
      kind: fc.constant('histogram' as const),
      edgesSeconds: fc.constant([0, 60, 180, 600]),
      counts: fc.tuple(fc.nat(20), fc.nat(20), fc.integer({ min: 1, max: 20 })),
    }),
  );
  const input = fc.record({
    seed: fc.nat(),
    arrivalsPerHour: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 6 }),
    desks: fc.constant(null),
    share: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
    serviceTime: dist,
    kioskTime: dist,
    noShowRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
    noShowSeconds: fc.integer({ min: 0, max: 300 }),
    counters: fc.integer({ min: 1, max: 6 }),
  });

  it('holds for every citizen of a drawn day, for any distributions and profile', () => {
    fc.assert(
      fc.property(input, (x) => {
        const plan = plannerInput.parse({
          ...x,
          replications: 1,
          openingHour: 8,
          desks: [
            { service: 'token', share: x.share, counters: x.counters, serviceTime: x.serviceTime },
            { service: 'remote', share: 1 - x.share, counters: 1, serviceTime: { kind: 'exponential', meanSeconds: 200 } },
          ],
        });
        const day = drawDay(plan, 0);
        const fewer = runDesk(day, 0, x.counters);
        const more = runDesk(day, 0, x.counters + 1);
        for (let i = 0; i < day.count; i++) if (day.desk[i] === 0) expect(more[i]!).toBeLessThanOrEqual(fewer[i]! + 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('so the day’s p90 wait never grows with a counter more', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 5 }), (seed, counters) => {
        const days = drawDays(mmc(counters, 0.9, 8, seed, 5));
        expect(deskP90Minutes(days, 0, counters + 1)).toBeLessThanOrEqual(deskP90Minutes(days, 0, counters));
      }),
      { numRuns: 40 },
    );
  });
});

describe('counters needed', () => {
  it('is the fewest counters that keep the p90 wait under the target', () => {
    const input = mmc(1, 3.2, 8, 21, 30); // 38.4 arrivals per hour, 5-minute services: at least 4 counters
    const days = drawDays(input);
    const [answer] = countersNeeded(input, 10, 20, days);
    expect(answer!.counters).not.toBeNull();
    const c = answer!.counters!;
    expect(c).toBeGreaterThanOrEqual(4);
    expect(deskP90Minutes(days, 0, c)).toBeLessThanOrEqual(10);
    expect(deskP90Minutes(days, 0, c - 1)).toBeGreaterThan(10);
    expect(answer!.p90WaitMinutes).toBeCloseTo(deskP90Minutes(days, 0, c), 10);
  });

  it('says so when even the most counters cannot meet the target', () => {
    const input = { ...mmc(1, 0.5, 4, 2, 5), kioskTime: { kind: 'fixed' as const, seconds: 0 } };
    expect(countersNeeded(input, 0, 1)[0]).toMatchObject({ counters: null });
  });
});

describe('the planner input and its explanation', () => {
  it('refuses what cannot be simulated', () => {
    const ok = mmc(2, 0.5, 10, 1, 10);
    expect(plannerInput.safeParse(ok).success).toBe(true);
    expect(plannerInput.safeParse({ ...ok, arrivalsPerHour: Array(25).fill(1) }).success).toBe(false);
    expect(plannerInput.safeParse({ ...ok, desks: [{ ...ok.desks[0], counters: 0 }] }).success).toBe(false);
    expect(plannerInput.safeParse({ ...ok, desks: [ok.desks[0], ok.desks[0]] }).success).toBe(false);
    const badHistogram = { kind: 'histogram', edgesSeconds: [0, 60, 30], counts: [1, 1] };
    expect(plannerInput.safeParse({ ...ok, kioskTime: badHistogram }).success).toBe(false);
    expect(plannerInput.safeParse({ ...ok, kioskTime: { kind: 'histogram', edgesSeconds: [0, 60], counts: [0] } }).success).toBe(false);
  });

  it('states the inputs, where they came from and the textbook figure for the busiest hour', () => {
    const input: PlannerInput = {
      ...mmc(2, 0.5, 3, 4, 200),
      arrivalsPerHour: [6, 18, 12],
      openingHour: 8,
      desks: [{ service: 'token', share: 1, counters: 2, serviceTime: { kind: 'histogram', edgesSeconds: [0, 300, 600], counts: [1, 1] } }],
      noShowRate: 0.1,
      noShowSeconds: 60,
    };
    const e = explainPlan(input);
    expect(e).toMatchObject({
      seed: 4,
      replications: 200,
      expectedArrivals: 36,
      busiestHour: { hour: 9, arrivals: 18 },
      noShowRate: 0.1,
      noShowMinutes: 1,
    });
    expect(e.desks[0]).toMatchObject({ service: 'token', counters: 2, meanServiceMinutes: 5, serviceTimeSource: 'measured' });
    // 18/h × (0.9 × 300 s + 0.1 × 60 s) = 1.38 erlangs over 2 counters.
    expect(e.desks[0]!.busiestHourTextbook.utilisation).toBeCloseTo(0.69, 2);
    expect(e.assumptions).toContain('first-come-per-desk');
  });
});

describe("a desk's measured service times", () => {
  const counts = (n: number) => SERVICE_EDGES_SECONDS.slice(1).map((_, i) => (i === 3 ? n : 0));
  it('stand for the desk from MIN_MEASURED_SERVICES services on, drawn within their bucket', () => {
    expect(measuredServiceTime(counts(MIN_MEASURED_SERVICES - 1))).toBeNull();
    const d = measuredServiceTime(counts(MIN_MEASURED_SERVICES))!;
    expect(distribution.parse(d)).toEqual(d);
    const draw = sampler(d);
    const rng = createRng(7);
    for (let i = 0; i < 200; i++) {
      const s = draw(rng);
      expect(s).toBeGreaterThanOrEqual(SERVICE_EDGES_SECONDS[3]);
      expect(s).toBeLessThan(SERVICE_EDGES_SECONDS[4]);
    }
  });
  it('are refused when they are not the projection’s buckets', () => {
    expect(measuredServiceTime([MIN_MEASURED_SERVICES, 0])).toBeNull();
  });
});

describe("a day's measured times at the kiosk", () => {
  const counts = (n: number, bucket = 2) => KIOSK_EDGES_SECONDS.slice(1).map((_, i) => (i === bucket ? n : 0));
  it.each([
    ['too few registrations measured it', counts(MIN_MEASURED_KIOSK_TIMES - 1), false],
    ['enough registrations measured it', counts(MIN_MEASURED_KIOSK_TIMES), true],
    ['enough, over several buckets', KIOSK_EDGES_SECONDS.slice(1).map((_, i) => (i < 6 ? 5 : 0)), true],
    ['nothing measured (a day before the kiosks sent it)', counts(0), false],
    ['not the projection’s buckets', [MIN_MEASURED_KIOSK_TIMES, 0], false],
  ])('%s → %s', (_, c, stands) => {
    const d = measuredKioskTime(c);
    expect(d !== null).toBe(stands);
    if (d) expect(distribution.parse(d)).toEqual({ kind: 'histogram', edgesSeconds: [...KIOSK_EDGES_SECONDS], counts: c });
  });

  it('draws each time within the bucket it was measured in', () => {
    const draw = sampler(measuredKioskTime(counts(MIN_MEASURED_KIOSK_TIMES, 1))!);
    const rng = createRng(11);
    for (let i = 0; i < 200; i++) {
      const s = draw(rng);
      expect(s).toBeGreaterThanOrEqual(KIOSK_EDGES_SECONDS[1]);
      expect(s).toBeLessThan(KIOSK_EDGES_SECONDS[2]);
    }
  });
});
