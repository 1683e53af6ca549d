import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { providerInput, routes } from '@dangky/core/protocol';
import { providerId } from '@dangky/core/schemas';
import { DangkyError } from '@dangky/core/errors';
import type { Db } from '../../db/db.ts';
import { authenticateStaff } from '../../auth/staff-auth.ts';
import { listProviders, saveProvider } from '../../admin/providers.ts';

const params = z.object({ providerId });

export function adminProviderRoutes(app: FastifyInstance, db: Db): void {
  app.get(routes.adminProviders, async (req) => ({
    providers: await listProviders(db, await authenticateStaff(db, req.headers.authorization)),
  }));
  app.post(routes.adminProviders, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return reply.status(201).send(await saveProvider(db, user, providerInput.parse(req.body), 'create'));
  });
  app.post(routes.adminProvider, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const input = providerInput.parse(req.body);
    if (input.id !== params.parse(req.params).providerId) throw new DangkyError('DK_ERR_VALIDATION', { detail: { field: 'id' } });
    return saveProvider(db, user, input, 'update');
  });
}
