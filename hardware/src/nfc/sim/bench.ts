import { spawn } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pn532 } from '../pn532.ts';
import { readCard } from '../read-card.ts';
import { openSerialLink } from '../serial-link.ts';
import { defaultPersona } from './persona.ts';

/**
 * Full read (COM, DG1, DG13, DG2 ~15 KB, DG15 + Active Authentication, SOD + passive
 * authentication against the simulator's CSCA) through the simulator on a real pseudo-terminal,
 * throttled to 115,200 baud and unthrottled: p50/p95 wall time, APDUs, bytes on the wire, and
 * the reader side's CPU time per read.
 *
 * How the CPU is measured: the simulator (virtual PN532 + chip, socat) runs in its own process
 * (`dangky-hw card sim`), so nothing of it is counted. `cpuMsP50` is this process's user+system
 * CPU over one read (`process.cpuUsage`: every thread — the main thread, libuv's pool, V8's GC
 * and compiler threads); `mainThreadCpuMsP50` is the main thread's own CPU time (Linux
 * /proc/self/task/<pid>/schedstat, ns); `eventLoopBusyMsP50` is the event loop's active time
 * (wall time not spent waiting in epoll, so it also counts time the thread was preempted).
 * The figures are per read in steady state: 20 unthrottled reads (BAC and PACE) first warm the
 * code up (V8 compiles the hot paths during roughly the first 15 reads, and those reads cost up
 * to ~3x more); the warm-up line reports the very first read of the process and the warm-up
 * reads' CPU on their own. Each configuration then does one uncounted read before it is measured.
 *
 * `npm run bench -- card-read` or `npx tsx hardware/src/nfc/sim/bench.ts [runs] [--io fd|serialport]`
 * (`--io serialport` reads through serialport's own stream, for comparison).
 */
const { values: flags, positionals } = parseArgs({
  options: { io: { type: 'string' }, verbose: { type: 'boolean' } },
  allowPositionals: true,
});
const runs = Number(positionals[0] ?? 10);
const io = flags.io === 'serialport' ? 'serialport' : 'fd';

/** This thread's CPU time in ms (Linux schedstat); undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function bench(baudRate: number | undefined, access: 'BAC' | 'PACE', warmUpReads = 1, measuredReads = runs) {
  const persona = defaultPersona();
  const cli = fileURLToPath(new URL('../../../bin/dangky-hw.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'card', 'sim', ...(baudRate ? ['--baud', String(baudRate)] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGTERM')); // also when a read fails and the bench throws
  const [path, pem] = await new Promise<string[]>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const lines = text.split('\n').filter(Boolean);
      if (lines.length >= 2) resolve(lines);
    });
    child.once('exit', () => reject(new Error('simulator exited')));
  });
  const csca = new X509Certificate(readFileSync(pem ?? ''));
  const simulator = { path: path ?? '', csca, close: async () => void child.kill('SIGTERM') };
  const link = await openSerialLink({ path: simulator.path, io });
  // The driver's default ACK deadline (100 ms). The simulator is a process on a shared machine and
  // its ACK can come later than that; an APDU is then not resent but its answer awaited (pn532.ts).
  const pn532 = new Pn532({ port: link.port, responseTimeoutMs: 3_000 });
  await pn532.wakeUp();
  const times: number[] = [];
  const cpu: number[] = [];
  const mainCpu: number[] = [];
  const busy: number[] = [];
  let apdus = 0; // PN532 commands sent (APDUs + activation; MI chaining adds commands)
  let bytes = 0;
  for (let i = -warmUpReads; i < measuredReads; i++) {
    const wireBefore = pn532.stats.bytesRead + pn532.stats.bytesWritten;
    const commandsBefore = pn532.stats.commands;
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    const eluBefore = performance.eventLoopUtilization();
    const t0 = performance.now();
    const result = await readCard({
      link: { activate: async () => (await pn532.detect()) !== undefined, transceive: (a) => pn532.transceive(a) },
      mrzKeys: access === 'BAC' ? [persona.key] : [],
      ...(access === 'PACE' && persona.can ? { can: persona.can } : {}),
      readPhoto: true,
      trust: simulator.csca ? [simulator.csca] : [],
      random: (n) => new Uint8Array(randomBytes(n)),
    });
    const elapsed = performance.now() - t0;
    const used = process.cpuUsage(cpuBefore);
    const mainAfter = mainThreadCpuMs();
    const active = performance.eventLoopUtilization(eluBefore).active;
    if (result.verification.verdict !== 'verified') throw new Error(`bench read not verified: ${result.verification.reason}`);
    if (i < 0) continue; // warm-up
    times.push(elapsed);
    busy.push(active);
    cpu.push((used.user + used.system) / 1000);
    if (mainBefore !== undefined && mainAfter !== undefined) mainCpu.push(mainAfter - mainBefore);
    apdus = pn532.stats.commands - commandsBefore;
    bytes = pn532.stats.bytesRead + pn532.stats.bytesWritten - wireBefore;
  }
  await link.close();
  await simulator.close();
  return {
    link: baudRate ? `${baudRate} baud` : 'unthrottled',
    access,
    io: link.io,
    runs: measuredReads,
    p50Ms: Math.round(percentile(times, 50)),
    p95Ms: Math.round(percentile(times, 95)),
    pn532Commands: apdus,
    bytesOnWire: bytes,
    cpuMsP50: Math.round(percentile(cpu, 50)),
    cpuMsP95: Math.round(percentile(cpu, 95)),
    ...(mainCpu.length ? { mainThreadCpuMsP50: Math.round(percentile(mainCpu, 50)) } : {}),
    eventLoopBusyMsP50: Math.round(percentile(busy, 50)),
    cpuMs: cpu,
  };
}

process.stdout.write(
  `reader CPU per read: cpuMs = this process (all threads, process.cpuUsage); mainThreadCpuMs = its main thread (schedstat); the simulator runs in its own process. Target: cpuMs p50 ≤ 50 at 115,200 baud and unthrottled.\n`,
);
const warmUp = [...(await bench(undefined, 'BAC', 0, 10)).cpuMs, ...(await bench(undefined, 'PACE', 0, 10)).cpuMs];
process.stdout.write(
  `${JSON.stringify({ warmUp: { reads: warmUp.length, firstReadCpuMs: Math.round(warmUp[0] ?? 0), cpuMsMax: Math.round(Math.max(...warmUp)), cpuMsMean: Math.round(warmUp.reduce((a, b) => a + b, 0) / warmUp.length) } })}\n`,
);
for (const access of ['BAC', 'PACE'] as const) {
  for (const baud of [115_200, undefined]) {
    const { cpuMs, ...figures } = await bench(baud, access);
    process.stdout.write(`${JSON.stringify(flags.verbose ? { ...figures, cpuMs: cpuMs.map(Math.round) } : figures)}\n`);
  }
}
