import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { routes, siteInput, siteUpdate } from '@dangky/core/protocol';
import { siteId } from '@dangky/core/schemas';
import type { Db } from '../../db/db.ts';
import { authenticateStaff } from '../../auth/staff-auth.ts';
import { createSite, listSites, updateSite } from '../../admin/sites.ts';

const params = z.object({ siteId });

export function adminSiteRoutes(app: FastifyInstance, db: Db): void {
  app.get(routes.adminSites, async (req) => ({ sites: await listSites(db, await authenticateStaff(db, req.headers.authorization)) }));
  app.post(routes.adminSites, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return reply.status(201).send(await createSite(db, user, siteInput.parse(req.body)));
  });
  app.post(routes.adminSite, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return updateSite(db, user, params.parse(req.params).siteId, siteUpdate.parse(req.body));
  });
}
