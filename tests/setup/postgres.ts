import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A real, throwaway PostgreSQL for the server suite: installed with apt when missing (through
 * scripts/ensure-system.sh), initialised in a temp directory, started on a free port, and
 * removed afterwards. As root, the server runs as the `postgres` user (initdb refuses root).
 */
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function pgBin(): string {
  const find = () => {
    const base = '/usr/lib/postgresql';
    if (!existsSync(base)) return undefined;
    const version = readdirSync(base)
      .sort((a, b) => Number(b) - Number(a))
      .find((v) => existsSync(join(base, v, 'bin', 'initdb')));
    return version ? join(base, version, 'bin') : undefined;
  };
  let bin = find();
  if (!bin) {
    execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-system.sh')], { stdio: 'inherit' });
    bin = find();
  }
  if (!bin) throw new Error('PostgreSQL server binaries not found after ensure-system.sh');
  return bin;
}

const freePort = () =>
  new Promise<number>((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });

export interface RunningPostgres {
  url: string;
  stop: () => Promise<void>;
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'dangky-pg-'));
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
  execFileSync(...run(join(bin, 'initdb'), ['-D', data, '-U', 'dangky', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), {
    stdio: 'ignore',
  });
  const port = await freePort();
  const child: ChildProcess = spawn(
    ...run(join(bin, 'postgres'), [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ]),
    { stdio: 'ignore' },
  );
  const url = `postgres://dangky@127.0.0.1:${port}/postgres`;
  const pg = (await import('pg')).default;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (err) {
      await c.end().catch(() => {});
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`PostgreSQL did not start: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // pg_ctl signals the postmaster itself: runuser does not pass SIGINT on to its child.
        try {
          execFileSync(...run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop']), { stdio: 'ignore' });
        } catch {
          child.kill('SIGKILL');
        }
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Vitest globalSetup: one server for the run; each test file makes its own database. */
export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const pg = await startPostgres();
  provide('databaseUrl', pg.url);
  return () => pg.stop();
}
