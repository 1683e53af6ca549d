import { randomBytes } from 'node:crypto';
import { SerialPort } from 'serialport';
import { Pn532 } from '../pn532.ts';
import { readCard } from '../read-card.ts';
import { defaultPersona } from './persona.ts';
import { startPtySimulator } from './pty-sim.ts';

/**
 * Full read (COM, DG1, DG13, DG2 ~15 KB, DG15 + Active Authentication, SOD + passive
 * authentication against the simulator's CSCA) through the simulator on a real pseudo-terminal,
 * throttled to 115,200 baud and unthrottled: p50/p95 wall time, APDUs, bytes on the wire, and
 * the reader side's CPU time (the simulator runs in the same process, so CPU is an upper bound).
 * `npx tsx hardware/src/nfc/sim/bench.ts [runs]`
 */
const runs = Number(process.argv[2] ?? 10);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function bench(baudRate: number | undefined, access: 'BAC' | 'PACE') {
  const persona = defaultPersona();
  const simulator = await startPtySimulator({ persona, ...(baudRate ? { baudRate } : {}) });
  const port = new SerialPort({ path: simulator.path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const pn532 = new Pn532({ port, responseTimeoutMs: 3_000 });
  await pn532.wakeUp();
  const times: number[] = [];
  const cpu: number[] = [];
  let apdus = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const chipBefore = simulator.chip.commands;
    const wireBefore = pn532.stats.bytesRead + pn532.stats.bytesWritten;
    const cpuBefore = process.cpuUsage();
    const t0 = performance.now();
    const result = await readCard({
      link: { activate: async () => (await pn532.detect()) !== undefined, transceive: (a) => pn532.transceive(a) },
      mrzKeys: access === 'BAC' ? [persona.key] : [],
      ...(access === 'PACE' && persona.can ? { can: persona.can } : {}),
      readPhoto: true,
      trust: simulator.csca ? [simulator.csca] : [],
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    times.push(performance.now() - t0);
    if (result.verification.verdict !== 'verified') throw new Error(`bench read not verified: ${result.verification.reason}`);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
    apdus = simulator.chip.commands - chipBefore;
    bytes = pn532.stats.bytesRead + pn532.stats.bytesWritten - wireBefore;
  }
  await new Promise<void>((resolve) => port.close(() => resolve()));
  await simulator.close();
  return { link: baudRate ? `${baudRate} baud` : 'unthrottled', access, runs, p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), apdus, bytesOnWire: bytes, cpuMsP50: Math.round(percentile(cpu, 50)) };
}

for (const access of ['BAC', 'PACE'] as const) {
  for (const baud of [115_200, undefined]) process.stdout.write(`${JSON.stringify(await bench(baud, access))}\n`);
}
