/**
 * A server's connections to PostgreSQL are as many as it is told (`DATABASE_POOL_MAX`, passed
 * to storage as `poolMax`): several servers share one primary's cores, and requests beyond the
 * pool wait in the server, not inside PostgreSQL. (PostgreSQL only: PGlite has one connection.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/open-storage.ts';
import { freshPostgresUrl } from '../harness.ts';
import { poolPerReplica } from '../../../scripts/cluster/cluster.mjs';

describe('the pool of connections to PostgreSQL', () => {
  it('opens no more connections than poolMax, however many queries wait', async () => {
    const url = await freshPostgresUrl(undefined, 'migrated');
    const dataDir = await mkdtemp(join(tmpdir(), 'dangky-pool-'));
    const { db } = await openStorage({ dataDir, databaseUrl: url, poolMax: 2, init: 'adopt' });
    try {
      const database = new URL(url).pathname.slice(1);
      const busy = Array.from({ length: 8 }, () => db.query("SELECT pg_sleep(0.2), 'pool-size-probe'"));
      await new Promise((r) => setTimeout(r, 100));
      const watcher = await openStorage({ dataDir, databaseUrl: url, poolMax: 1, init: 'adopt' });
      const [row] = await watcher.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pool-size-probe%' AND pid <> pg_backend_pid()`,
        [database],
      );
      await watcher.db.close();
      await Promise.all(busy);
      expect(row!.n).toBe(2);
    } finally {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("gives the cluster's servers about three connections per core of the primary, together", () => {
    expect(poolPerReplica(3, 2)).toBe(2);
    expect(poolPerReplica(3, 16)).toBe(16);
    expect(poolPerReplica(1, 4)).toBe(12);
    // Never fewer than two: a sign-in must not wait behind one long report.
    expect(poolPerReplica(8, 2)).toBe(2);
  });
});
