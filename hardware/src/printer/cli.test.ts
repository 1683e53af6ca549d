import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
    const bin = resolve(import.meta.dirname, '../../bin/dangky-hw.js');
    const child = spawn(process.execPath, [bin, 'printer', 'sim', '--log', logFile, '--link', linkPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Code and signal both, so a failure says whether the process exited or was killed.
    const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(`exit ${code} signal ${signal}`)));
    try {
      const first = await new Promise<string>((done, fail) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\n')) done(text.split('\n')[0] ?? '');
        });
        child.once('exit', () => fail(new Error('sim exited early')));
      });
      expect(JSON.parse(first)).toEqual({ path: linkPath, log: logFile });
      expect(await main(['printer', 'test', '--port', linkPath], capture().io)).toBe(0);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe('exit 0 signal null');
    expect(readLog(logFile).map((t) => t.lines[0])).toEqual(['A-012']);
  });
});
