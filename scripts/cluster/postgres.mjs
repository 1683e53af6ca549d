// PostgreSQL servers on this machine for the cluster (a primary and a hot standby) and for the
// server test suite: Debian's binaries (installed by ensure-system.sh), a throwaway data
// directory, a free port. As root, every PostgreSQL program runs as the `postgres` user (initdb
// and postgres refuse root); `pg_ctl` stops the postmaster because runuser does not pass signals on.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

const asRoot = process.getuid?.() === 0;

/** The newest installed PostgreSQL's bin directory, or undefined. */
export function pgBinDir() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const version = readdirSync(base)
    .sort((a, b) => Number(b) - Number(a))
    .find((v) => existsSync(join(base, v, 'bin', 'initdb')));
  return version ? join(base, version, 'bin') : undefined;
}

/** [command, args] that runs a PostgreSQL program as `postgres` when we are root. */
export const asPostgres = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

/** Gives a directory to the `postgres` user when we are root (initdb and the server write there). */
export function ownByPostgres(dir) {
  if (!asRoot) return;
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  chownSync(dir, id('-u'), id('-g'));
}

/** A new cluster in `data` with superuser `dangky`, trusted on 127.0.0.1 (replication included). */
export function initdb(bin, data) {
  execFileSync(...asPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'dangky', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), {
    stdio: 'ignore',
  });
}

/**
 * A streaming-replication copy of the primary at `primaryPort` in `data`, with its own
 * replication slot (the primary keeps the WAL the standby has not received yet) and
 * `standby.signal` + `primary_conninfo` written (`-R`), so it starts as a hot standby.
 */
export function basebackup(bin, { primaryPort, data, slot }) {
  execFileSync(
    ...asPostgres(join(bin, 'pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'dangky',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '-C',
      '-S',
      slot,
    ]),
    { stdio: 'ignore' },
  );
}

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => res(typeof a === 'object' && a ? a.port : 0));
    });
  });

/**
 * Starts `postgres` on `data` (on a free port unless `port` is given) and waits until it takes
 * connections. `settings` are `-c` options (name → value). `durable: false` turns off fsync and
 * synchronous commit — for tests, whose data is thrown away; never for anything a person relies on.
 */
export async function startServer(bin, { data, port: wanted, socketDir, settings = {}, durable = true, timeoutMs = 30_000 }) {
  const port = wanted ?? (await freePort());
  const all = {
    listen_addresses: '127.0.0.1',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...settings,
  };
  const args = ['-D', data, '-p', String(port), '-k', socketDir, ...Object.entries(all).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(...asPostgres(join(bin, 'postgres'), args), { stdio: 'ignore' });
  const url = `postgres://dangky@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      break;
    } catch (err) {
      await c.end().catch(() => {});
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL on port ${port} did not start: ${err.message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        execFileSync(...asPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop']), { stdio: 'ignore' });
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    },
  };
}

/** Waits until the standby has replayed everything the primary had written when this was called. */
export async function waitForReplay(primaryUrl, standbyUrl, timeoutMs = 30_000) {
  const q = async (url, sql) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql)).rows[0];
    } finally {
      await c.end();
    }
  };
  // The insert position, not the write position: with asynchronous commit (the tests' non-durable
  // cluster) a commit record can sit in WAL buffers past pg_current_wal_lsn(), and a standby caught
  // up to the write position would still miss the last commits.
  const { lsn } = await q(primaryUrl, 'SELECT pg_current_wal_insert_lsn()::text AS lsn');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { caught } = await q(standbyUrl, `SELECT pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn AS caught`);
    if (caught) return;
    if (Date.now() > deadline) throw new Error(`the standby did not replay up to ${lsn} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
