import type { FastifyInstance } from 'fastify';
import { errorBody } from '@dangky/core/errors';
import type { SpaceGuard } from './space-guard.ts';

/**
 * While the disk is full, a request that would write (every POST) is answered at once with 503
 * DK_ERR_STORAGE_FULL and a retry-after, before it reaches the database: devices keep their
 * outbox and come back; reads go on. Health and readiness are never refused here.
 */
export function refuseWritesWhenFull(app: FastifyInstance, space: SpaceGuard): void {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST') return;
    if (!(await space.full())) return;
    return reply.code(503).header('retry-after', String(space.retryAfterSeconds)).send(errorBody('DK_ERR_STORAGE_FULL'));
  });
}
