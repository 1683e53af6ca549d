import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { counterSettingRequest, deviceUpdate, enrolmentRequest, routes } from '@dangky/core/protocol';
import { deviceId } from '@dangky/core/schemas';
import type { Db } from '../../db/db.ts';
import { authenticateStaff } from '../../auth/staff-auth.ts';
import { createEnrolment, listFleet, revokeDevice, rotateDevice, setCounter, updateDevice } from '../../admin/devices.ts';

const params = z.object({ deviceId });

export function adminDeviceRoutes(app: FastifyInstance, db: Db): void {
  app.get(routes.adminDevices, async (req) => listFleet(db, await authenticateStaff(db, req.headers.authorization)));
  app.post(routes.adminEnrolments, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return reply.status(201).send(await createEnrolment(db, user, enrolmentRequest.parse(req.body)));
  });
  app.post(routes.adminDevice, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    await updateDevice(db, user, params.parse(req.params).deviceId, deviceUpdate.parse(req.body));
    return reply.status(204).send();
  });
  app.post(routes.adminDeviceCounter, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    await setCounter(db, user, params.parse(req.params).deviceId, counterSettingRequest.parse(req.body).counter);
    return reply.status(204).send();
  });
  app.post(routes.adminDeviceRotate, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    return rotateDevice(db, user, params.parse(req.params).deviceId);
  });
  app.post(routes.adminDeviceRevoke, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    await revokeDevice(db, user, params.parse(req.params).deviceId);
    return reply.status(204).send();
  });
}
