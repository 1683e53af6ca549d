import { spawn } from 'node:child_process';
import { X509Certificate, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SerialPort } from 'serialport';
import { Pn532 } from '../pn532.ts';
import { readCard } from '../read-card.ts';
import { defaultPersona } from './persona.ts';

/**
 * Full read (COM, DG1, DG13, DG2 ~15 KB, DG15 + Active Authentication, SOD + passive
 * authentication against the simulator's CSCA) through the simulator on a real pseudo-terminal,
 * throttled to 115,200 baud and unthrottled: p50/p95 wall time, APDUs, bytes on the wire, and
 * the reader side's CPU time (the simulator runs in its own process: `dangky-hw card sim`).
 * `npx tsx hardware/src/nfc/sim/bench.ts [runs]`
 */
const runs = Number(process.argv[2] ?? 10);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

async function bench(baudRate: number | undefined, access: 'BAC' | 'PACE') {
  const persona = defaultPersona();
  const cli = fileURLToPath(new URL('../../../bin/dangky-hw.js', import.meta.url));
  const child = spawn(process.execPath, [cli, 'card', 'sim', ...(baudRate ? ['--baud', String(baudRate)] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  const port = new SerialPort({ path: simulator.path, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const pn532 = new Pn532({ port, responseTimeoutMs: 3_000 });
  await pn532.wakeUp();
  const times: number[] = [];
  const cpu: number[] = [];
  const busy: number[] = [];
  let apdus = 0; // PN532 commands sent (APDUs + activation; MI chaining adds commands)
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const wireBefore = pn532.stats.bytesRead + pn532.stats.bytesWritten;
    const commandsBefore = pn532.stats.commands;
    const cpuBefore = process.cpuUsage();
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
    times.push(performance.now() - t0);
    if (result.verification.verdict !== 'verified') throw new Error(`bench read not verified: ${result.verification.reason}`);
    const used = process.cpuUsage(cpuBefore);
    // Main-thread time our code ran; process CPU also counts serialport's I/O threads while waiting.
    busy.push(performance.eventLoopUtilization(eluBefore).active);
    cpu.push((used.user + used.system) / 1000);
    apdus = pn532.stats.commands - commandsBefore;
    bytes = pn532.stats.bytesRead + pn532.stats.bytesWritten - wireBefore;
  }
  await new Promise<void>((resolve) => port.close(() => resolve()));
  await simulator.close();
  return { link: baudRate ? `${baudRate} baud` : 'unthrottled', access, runs, p50Ms: Math.round(percentile(times, 50)), p95Ms: Math.round(percentile(times, 95)), pn532Commands: apdus, bytesOnWire: bytes, cpuMsP50: Math.round(percentile(cpu, 50)), mainThreadMsP50: Math.round(percentile(busy, 50)) };
}

for (const access of ['BAC', 'PACE'] as const) {
  for (const baud of [115_200, undefined]) process.stdout.write(`${JSON.stringify(await bench(baud, access))}\n`);
}
