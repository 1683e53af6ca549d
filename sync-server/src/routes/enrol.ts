import type { FastifyInstance } from 'fastify';
import { enrolRequest, routes } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { redeemEnrolment } from '../admin/devices.ts';

/**
 * A device redeems its one-time code. Unauthenticated by nature (the code is the credential);
 * the answer carries the device secret, once, and is never cached.
 */
export function enrolRoutes(app: FastifyInstance, db: Db): void {
  app.post(routes.enrol, async (req, reply) => {
    const { code } = enrolRequest.parse(req.body);
    return reply.header('cache-control', 'no-store').send(await redeemEnrolment(db, code));
  });
}
