import type { FastifyInstance } from 'fastify';
import { errorBody, type ErrorCode } from '@dangky/core/errors';
import { routes } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { readMarkerRow, type IdentityMarker } from './identity-marker.ts';
import type { SpaceGuard } from './space-guard.ts';

/**
 * Liveness and readiness, apart. `/healthz` says only that the process answers — it touches no
 * database, so a full disk or a slow database never makes a supervisor kill a process that would
 * recover. `/readyz` says whether a request that writes would succeed now: the disk is not full,
 * the database's identity is still the one checked at start (a DATABASE_URL failed over to an
 * empty database is not ready), and the database takes a write (a row written in a transaction
 * that is rolled back, so a check every second leaves nothing behind). HAProxy routes on /readyz.
 */
class RolledBack extends Error {}

export function healthRoutes(app: FastifyInstance, db: Db, storage: { identity?: IdentityMarker; space?: SpaceGuard } = {}): void {
  app.get(routes.healthz, async () => ({ status: 'ok', db: db.kind }));

  let lastFailure: string | undefined;
  app.get(routes.readyz, async (req, reply) => {
    const failure = await notReady(db, storage);
    if (failure?.reason !== lastFailure) {
      // Logged when readiness changes, not at every check of the balancer.
      if (failure) req.log.warn({ code: failure.code, reason: failure.reason }, 'not ready');
      else req.log.info('ready again');
      lastFailure = failure?.reason;
    }
    if (!failure) return { status: 'ready', db: db.kind, ...(storage.identity ? { databaseId: storage.identity.databaseId } : {}) };
    if (failure.code === 'DK_ERR_STORAGE_FULL' && storage.space) void reply.header('retry-after', String(storage.space.retryAfterSeconds));
    return reply.status(503).send(errorBody(failure.code));
  });
}

async function notReady(
  db: Db,
  { identity, space }: { identity?: IdentityMarker; space?: SpaceGuard },
): Promise<{ code: ErrorCode; reason: string } | undefined> {
  if (await space?.full()) return { code: 'DK_ERR_STORAGE_FULL', reason: 'free space below the reserve, or the disk was full' };
  try {
    const row = await readMarkerRow(db);
    if (identity && row?.databaseId !== identity.databaseId)
      return {
        code: 'DK_ERR_STORAGE_NOT_READY',
        reason: `database identity is ${row?.databaseId ?? 'gone'}, was ${identity.databaseId} at start`,
      };
    await db
      .transaction(async (tx) => {
        await tx.query(
          `INSERT INTO storage_identity (database_id) VALUES (gen_random_uuid())
           ON CONFLICT (singleton) DO UPDATE SET ready_checked_at = now()`,
        );
        throw new RolledBack();
      })
      .catch((err: unknown) => {
        if (!(err instanceof RolledBack)) throw err;
      });
    return undefined;
  } catch (err) {
    return { code: 'DK_ERR_STORAGE_NOT_READY', reason: (err as Error).message };
  }
}
