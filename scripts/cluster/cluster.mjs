// The scaled-out sync-server on one machine, built only from existing parts: a PostgreSQL
// primary, a hot standby fed by streaming replication, N stateless sync-server processes (writes
// to the primary, reports from the standby) and HAProxy in front. `npm run start:cluster`, the
// cluster test and the device-load bench all start it through `startCluster`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startChild, waitFor } from '../system.mjs';
import { startHaproxy } from './haproxy.mjs';
import { basebackup, initdb, ownByPostgres, pgBinDir, startServer, waitForReplay } from './postgres.mjs';

function ensureSystem() {
  if (pgBinDir() && existsHaproxy()) return;
  execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-system.sh')], { stdio: 'inherit' });
}
const existsHaproxy = () => {
  try {
    execFileSync('/usr/sbin/haproxy', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Each server's connections to the primary: about three per core of the primary's, shared by
 * the servers. More only take turns on its cores — a request then waits inside PostgreSQL, and
 * the slowest ones waited several times longer (docs/deploy.md); fewer wait for a connection
 * in the server instead, which costs nothing. Here the primary is on this machine.
 */
export const poolPerReplica = (replicas, cores = availableParallelism()) => Math.max(2, Math.round((3 * cores) / replicas));

/** Options and the returned handle are described in cluster.d.mts. */
export async function startCluster(options = {}) {
  const { servers: count = 3, corsOrigins = [], durable = true, serverEnv = {}, postgresSettings = {}, log = () => {} } = options;
  ensureSystem();
  const bin = pgBinDir();
  const temporary = !options.dir;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'dangky-cluster-')));
  const pgDir = join(dir, 'postgres');
  await mkdir(pgDir, { recursive: true });
  // PostgreSQL runs as `postgres` when we are root: it must reach its folders (mkdtemp makes 0700).
  if (temporary) ownByPostgres(dir);
  ownByPostgres(pgDir);
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
    stops.length = 0;
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  try {
    const primaryData = join(pgDir, 'primary');
    const standbyData = join(pgDir, 'standby');
    // A kept `dir` (npm run start:cluster) starts again on the databases it already has.
    const fresh = !existsSync(join(primaryData, 'PG_VERSION'));
    if (fresh) initdb(bin, primaryData);
    // Enough connections for N replicas' pools and the standby; WAL kept for the standby by its slot.
    const settings = { max_connections: 200, wal_level: 'replica', max_wal_senders: 5, ...postgresSettings };
    const primary = await startServer(bin, { data: primaryData, socketDir: pgDir, settings, durable });
    stops.push(primary.stop);
    if (fresh || !existsSync(join(standbyData, 'PG_VERSION'))) {
      await rm(standbyData, { recursive: true, force: true });
      basebackup(bin, { primaryPort: primary.port, data: standbyData, slot: 'standby1' });
    }
    const standby = await startServer(bin, {
      data: standbyData,
      socketDir: pgDir,
      settings: { ...settings, hot_standby: 'on' },
      durable,
    });
    stops.push(standby.stop);

    const dataDir = join(dir, 'data');
    await mkdir(dataDir, { recursive: true });
    const replicas = [];
    const startReplica = async (i) => {
      const port = replicas[i]?.port ?? (await freePort());
      const url = `http://127.0.0.1:${port}`;
      const child = startChild(`sync-server ${i + 1}`, ['--import', 'tsx', 'sync-server/src/main.ts'], {
        env: {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          DATABASE_URL: primary.url,
          DATABASE_REPLICA_URL: standby.url,
          CORS_ORIGINS: corsOrigins.join(','),
          TRUST_PROXY: '127.0.0.1',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
          DATABASE_POOL_MAX: String(poolPerReplica(count)),
          // The first replica seeds the demo; every replica runs its remote-signing simulator, named
          // explicitly (the server runs no simulator by default).
          ...(i === 0 ? { DEMO_SEED: 'on' } : { REMOTE_SIGNING: 'simulator' }),
          ...serverEnv,
        },
        log,
      });
      // The replica's own word that it holds the port, then a probe through it: a probe alone could
      // reach another process that took the port (a restart reuses its port).
      await waitFor(async () => child.listeningOn() === port, { what: `sync-server ${i + 1}`, child });
      await waitFor(async () => (await fetch(`${url}/readyz`)).ok, { what: `sync-server ${i + 1}`, child });
      replicas[i] = { name: `s${i + 1}`, port, url, child };
      return replicas[i];
    };
    // The first replica migrates and seeds the demo; the others start on a ready database.
    await startReplica(0);
    await Promise.all(Array.from({ length: count - 1 }, (_, i) => startReplica(i + 1)));
    stops.push(async () => {
      for (const r of replicas) await r.child.stop();
    });

    const haproxy = await startHaproxy({ dir, port: options.port ?? (await freePort()), servers: replicas, log });
    stops.push(haproxy.stop);
    await waitFor(async () => (await fetch(`${haproxy.url}/readyz`)).ok, { what: 'HAProxy', child: haproxy });

    return {
      url: haproxy.url,
      primaryUrl: primary.url,
      standbyUrl: standby.url,
      dataDir,
      replicas,
      /** SIGKILL one replica (no goodbye, as a crash or an OOM kill would). */
      kill: async (i) => {
        const r = replicas[i];
        r.child.child.kill('SIGKILL');
        await r.child.exited;
      },
      /** Starts a killed replica again on its port. */
      restart: (i) => startReplica(i),
      waitForReplay: () => waitForReplay(primary.url, standby.url),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
