import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initdb, ownByPostgres, pgBinDir, startServer } from '../../scripts/cluster/postgres.mjs';

/**
 * A real, throwaway PostgreSQL for the server suite: installed with apt when missing (through
 * scripts/ensure-system.sh), initialised in a temp directory, started on a free port with fsync
 * off (its data is thrown away), and removed afterwards.
 */
const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function pgBin(): string {
  let bin = pgBinDir();
  if (!bin) {
    execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-system.sh')], { stdio: 'inherit' });
    bin = pgBinDir();
  }
  if (!bin) throw new Error('PostgreSQL server binaries not found after ensure-system.sh');
  return bin;
}

export interface RunningPostgres {
  url: string;
  stop: () => Promise<void>;
}

export async function startPostgres(
  options: { durable?: boolean; settings?: Record<string, string | number> } = {},
): Promise<RunningPostgres> {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'dangky-pg-'));
  ownByPostgres(dir);
  const data = join(dir, 'data');
  initdb(bin, data);
  const server = await startServer(bin, { data, socketDir: dir, durable: options.durable ?? false, settings: options.settings ?? {} });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
