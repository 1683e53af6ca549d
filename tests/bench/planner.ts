/**
 * The booth-day planner: one simulated day of a book-fair booth with 2,000 expected arrivals and
 * 8 counters (5 remote-signing, 2 token, 1 e-ID), 200 replications — what the manager's
 * "simulate" button runs. Prints each run's wall and CPU seconds (the machine may be shared: CPU
 * time shows the work itself), the simulated figures, then one JSON line with the median wall time.
 *
 *   npx tsx tests/bench/planner.ts [--runs 5]
 */
import { countersNeeded, drawDays, plannerInput, simulateDay } from '@dangky/core/queue';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const TARGET_SECONDS = 2;

// A Saturday at the book fair, 8:00–19:00: a morning rise, a lunch dip, an evening peak (2,000 in all).
const arrivalsPerHour = [120, 180, 240, 260, 200, 150, 160, 220, 250, 180, 40];
const input = plannerInput.parse({
  seed: 2026,
  replications: 200,
  openingHour: 8,
  arrivalsPerHour,
  desks: [
    // Measured-looking service times: most remote activations take 1–3 minutes, a few much longer.
    {
      service: 'remote',
      share: 0.6,
      counters: 5,
      serviceTime: { kind: 'histogram', edgesSeconds: [30, 60, 120, 180, 300, 600], counts: [5, 40, 30, 15, 10] },
    },
    { service: 'token', share: 0.25, counters: 2, serviceTime: { kind: 'exponential', meanSeconds: 170 } },
    { service: 'eid-level2', share: 0.15, counters: 1, serviceTime: { kind: 'exponential', meanSeconds: 150 } },
  ],
  kioskTime: { kind: 'histogram', edgesSeconds: [60, 120, 180, 300], counts: [30, 50, 20] },
  noShowRate: 0.05,
  noShowSeconds: 120,
});

const arrivals = arrivalsPerHour.reduce((s, a) => s + a, 0);
const counters = input.desks.reduce((s, d) => s + d.counters, 0);
console.log(
  `planner: ${arrivals} expected arrivals, ${counters} counters, ${input.replications} replications, ${RUNS} runs after a warm-up`,
);

simulateDay({ ...input, replications: 10 }); // warm-up (JIT)
const runs: { wall: number; cpu: number }[] = [];
let result = simulateDay(input);
for (let r = 0; r < RUNS; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  result = simulateDay(input);
  const cpu = process.cpuUsage(cpu0);
  runs.push({ wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
}
const sorted = [...runs].sort((a, b) => a.wall - b.wall);
const median = sorted[Math.floor(sorted.length / 2)]!;
const citizens = result.desks.reduce((s, d) => s + d.citizens, 0);

console.table(runs.map((r, i) => ({ run: i + 1, wallSeconds: +r.wall.toFixed(3), cpuSeconds: +r.cpu.toFixed(3) })));
console.table(
  result.desks.map((d) => ({
    desk: d.service,
    counters: d.counters,
    citizensPerDay: +d.citizens.toFixed(0),
    meanWaitMin: +d.meanWaitMinutes.toFixed(1),
    p90WaitMin: +d.p90WaitMinutes.toFixed(1),
    utilisation: +d.utilisation.toFixed(2),
  })),
);
const t0 = performance.now();
const needed = countersNeeded(input, 15, 20, drawDays(input));
const neededSeconds = (performance.now() - t0) / 1000;
console.log(
  `counters to keep the p90 wait ≤ 15 min: ${needed.map((n) => `${n.service} ${n.counters ?? '>20'}`).join(', ')} (${neededSeconds.toFixed(2)} s)`,
);
console.log(
  `${(citizens * input.replications).toFixed(0)} simulated citizens per run; median ${median.wall.toFixed(3)} s wall, ${median.cpu.toFixed(3)} s CPU (target ≤ ${TARGET_SECONDS} s)`,
);
console.log(
  JSON.stringify({
    bench: 'planner',
    seconds: +median.wall.toFixed(3),
    cpuSeconds: +median.cpu.toFixed(3),
    target: TARGET_SECONDS,
    arrivals,
    counters,
    replications: input.replications,
    citizensPerRun: Math.round(citizens * input.replications),
    p90WaitMinutes: +result.p90WaitMinutes.toFixed(1),
    countersNeededSeconds: +neededSeconds.toFixed(2),
  }),
);
