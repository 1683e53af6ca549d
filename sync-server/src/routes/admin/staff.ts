import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addressUnlock, passwordReset, routes, staffInput, staffUpdate } from '@dangky/core/protocol';
import { staffId } from '@dangky/core/schemas';
import type { Db } from '../../db/db.ts';
import { authenticateStaff } from '../../auth/staff-auth.ts';
import {
  createStaff,
  listAddressLocks,
  listStaff,
  resetPassword,
  setStaffDisabled,
  unlockAddress,
  unlockStaff,
  updateStaff,
} from '../../admin/staff.ts';

const params = z.object({ staffId });

export function adminStaffRoutes(app: FastifyInstance, db: Db, clock: () => Date): void {
  app.get(routes.adminStaff, async (req) => ({
    staff: await listStaff(db, await authenticateStaff(db, req.headers.authorization), clock()),
  }));
  app.post(routes.adminStaff, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return reply.status(201).send(await createStaff(db, user, staffInput.parse(req.body)));
  });
  app.post(routes.adminStaffMember, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return updateStaff(db, user, params.parse(req.params).staffId, staffUpdate.parse(req.body));
  });
  for (const [route, disabled] of [
    [routes.adminStaffDisable, true],
    [routes.adminStaffEnable, false],
  ] as const) {
    app.post(route, async (req) => {
      const user = await authenticateStaff(db, req.headers.authorization);
      return setStaffDisabled(db, user, params.parse(req.params).staffId, disabled);
    });
  }
  app.post(routes.adminStaffResetPassword, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    await resetPassword(db, user, params.parse(req.params).staffId, passwordReset.parse(req.body).password);
    return reply.status(204).send();
  });
  app.post(routes.adminStaffUnlock, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return unlockStaff(db, user, params.parse(req.params).staffId, clock());
  });
  app.get(routes.adminSignInLocks, async (req) => listAddressLocks(db, await authenticateStaff(db, req.headers.authorization), clock()));
  app.post(routes.adminSignInLocksUnlock, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    await unlockAddress(db, user, addressUnlock.parse(req.body).address);
    return reply.status(204).send();
  });
}
