import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A process whose main thread is stuck (as in PGlite's spin on a full disk) is killed by its watchdog; a live one is left alone. */
const watchdog = resolve(import.meta.dirname, 'watchdog.ts');
const run = (script: string) =>
  new Promise<{ signal: string | null; code: number | null; stderr: string; ms: number }>((res) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => res({ code, signal, stderr, ms: Date.now() - started }));
  });

describe('watchdog', () => {
  it('kills a process whose main thread stopped running, saying why', async () => {
    const result = await run(
      `const { startWatchdog } = await import(${JSON.stringify(watchdog)}); startWatchdog(2); await new Promise((r) => setTimeout(r, 1500)); for (;;) {}`,
    );
    expect(result.signal).toBe('SIGKILL');
    expect(result.stderr).toMatch(/main thread has not run for \d+ s/);
  });

  it('leaves a live process alone and lets it exit', async () => {
    const result = await run(
      `const { startWatchdog } = await import(${JSON.stringify(watchdog)}); const stop = startWatchdog(2); await new Promise((r) => setTimeout(r, 4000)); await stop(); console.error('done');`,
    );
    expect(result).toMatchObject({ signal: null, code: 0 });
    expect(result.stderr).toContain('done');
  });
});
