import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli/cli-process.ts';
import { main } from '../cli/main.ts';
import { startPrinterSimulator } from './sim.ts';

/** `dangky-hw printer test|sim` against the simulated printer on a real pseudo-terminal. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangky-printer-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

const readLog = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { lines: string[]; qrPayload: string });

describe('dangky-hw printer', () => {
  it('test prints the sample ticket and exits 0', async () => {
    const logFile = join(dir, 'printer.jsonl');
    const sim = await startPrinterSimulator({ logFile });
    try {
      const { out, err, io } = capture();
      expect(await main(['printer', 'test', '--port', sim.path], io)).toBe(0);
      expect(err).toEqual([]);
      expect(JSON.parse(out.join(''))).toMatchObject({ printed: true, port: sim.path });
    } finally {
      await sim.close();
    }
    expect(readLog(logFile)[0]?.lines).toContain('Chữ ký số – USB token (VNPT SmartCA)');
  });

  it('test exits 2 with DK_ERR_PRINTER_OFFLINE for a missing port, and 2 with usage without --port', async () => {
    const missing = capture();
    expect(await main(['printer', 'test', '--port', join(dir, 'ttyNONE')], missing.io)).toBe(2);
    expect(JSON.parse(missing.err.join('')).error.code).toBe('DK_ERR_PRINTER_OFFLINE');
    const bare = capture();
    expect(await main(['printer', 'test'], bare.io)).toBe(2);
    expect(bare.err.join('')).toMatch(/^usage: dangky-hw printer/);
    const badBaud = capture();
    expect(await main(['printer', 'test', '--port', '/dev/null', '--baud', 'fast'], badBaud.io)).toBe(2);
    expect(JSON.parse(badBaud.err.join('')).error.code).toBe('DK_ERR_VALIDATION');
  });

  it('sim runs as a process, prints its path as JSON, logs tickets and stops cleanly on SIGINT', async () => {
    const logFile = join(dir, 'logs', 'printer.jsonl');
    const linkPath = join(dir, 'printer');
    const sim = spawnCli(['printer', 'sim', '--log', logFile, '--link', linkPath]);
    try {
      const first = await sim.firstLine;
      expect(JSON.parse(first)).toEqual({ path: linkPath, log: logFile });
      expect(await main(['printer', 'test', '--port', linkPath], capture().io)).toBe(0);
    } finally {
      sim.child.kill('SIGINT');
    }
    expect(await sim.exited).toBe('exit 0 signal null');
    expect(readLog(logFile).map((t) => t.lines[0])).toEqual(['A-012']);
  });
});
