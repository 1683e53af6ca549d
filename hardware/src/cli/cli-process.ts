import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * For tests: `dangky-hw <args>` as its own process, as a technician or system.mjs starts it,
 * with its ready line (the first line on stdout) and how it ended.
 */
export interface CliProcess {
  child: ChildProcess;
  /** The first stdout line; rejects, with what it wrote on stderr, if it exits before. */
  firstLine: Promise<string>;
  /** Its exit code (null when a signal ended it). */
  exitCode: Promise<number | null>;
  /** `exit <code> signal <signal>`: both, so a failure says whether it exited or was killed. */
  exited: Promise<string>;
  /** What it wrote on stderr so far. */
  stderr(): string;
}

const bin = resolve(import.meta.dirname, '../../bin/dangky-hw.js');

export function spawnCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('exit', (code, signal) => done([code, signal])));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((done, fail) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) done(text.split('\n')[0] ?? '');
    });
    child.once('exit', () => fail(new Error(`dangky-hw ${args[0] ?? ''} exited early: ${stderr}`)));
  });
  return {
    child,
    firstLine,
    exitCode: ended.then(([code]) => code),
    exited: ended.then(([code, signal]) => `exit ${code} signal ${signal}`),
    stderr: () => stderr,
  };
}
