import type { FastifyInstance } from 'fastify';
import { loginRequest, routes } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { authenticateStaff, login, logout } from '../auth/staff-auth.ts';

export function authRoutes(app: FastifyInstance, db: Db): void {
  app.post(routes.login, async (req) => {
    const body = loginRequest.parse(req.body);
    return login(db, body.username, body.password);
  });
  app.get(routes.me, async (req) => ({ user: await authenticateStaff(db, req.headers.authorization) }));
  app.post(routes.logout, async (req, reply) => {
    await logout(db, req.headers.authorization);
    return reply.status(204).send();
  });
}
