import type { FastifyInstance } from 'fastify';
import { DangkyError } from '@dangky/core/errors';
import type { EventTimeWindow } from '@dangky/core/events';
import { routes } from '@dangky/core/protocol';
import { counterPausesRequest } from '@dangky/core/queue';
import type { Db } from '../db/db.ts';
import { authenticateDevice } from '../auth/device-auth.ts';
import { recordPauses } from '../counter/record-pauses.ts';

/**
 * `POST /v1/counter/pauses`: a counter's breaks (`counter/record-pauses.ts`). Only a counter posts
 * them, for itself; the clerk each change names must have been signed in on it at that time.
 */
export function counterPauseRoutes(
  app: FastifyInstance,
  db: Db,
  { eventWindow, now }: { eventWindow: EventTimeWindow; now: () => Date },
): void {
  app.post(routes.counterPauses, async (req) => {
    const device = await authenticateDevice(db, req.headers.authorization);
    if (device.kind !== 'counter') throw new DangkyError('DK_ERR_DEVICE_KIND_FORBIDDEN');
    const body = counterPausesRequest.parse(req.body);
    return recordPauses(db, device, body.changes, { now: now(), window: eventWindow });
  });
}
