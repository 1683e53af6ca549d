import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routes, stockLeave, stockQuery, stockReceive } from '@dangky/core/protocol';
import { tokenSerial } from '@dangky/core/events';
import type { Db } from '../../db/db.ts';
import { authenticateStaff } from '../../auth/staff-auth.ts';
import { leaveStock, listStock, receiveTokens } from '../../admin/stock.ts';

const params = z.object({ serial: tokenSerial });

export function adminStockRoutes(app: FastifyInstance, db: Db): void {
  app.get(routes.adminStock, async (req) =>
    listStock(db, await authenticateStaff(db, req.headers.authorization), stockQuery.parse(req.query)),
  );
  app.post(routes.adminStockReceive, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return receiveTokens(db, user, stockReceive.parse(req.body));
  });
  app.post(routes.adminStockLeave, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    await leaveStock(db, user, params.parse(req.params).serial, stockLeave.parse(req.body));
    return reply.status(204).send();
  });
}
