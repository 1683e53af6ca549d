import type { FastifyInstance } from 'fastify';
import { boardReaders } from '@dangky/core/admin';
import { DangkyError } from '@dangky/core/errors';
import { routes } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { authenticateDevice } from '../auth/device-auth.ts';
import { recordDeviceContact } from '../ingest/device-contact.ts';
import { readBoard } from '../board/read-board.ts';

/**
 * `GET /v1/board`: the call board of the asking display's own site — the site comes from the
 * device's enrolment, never from the request. Only a call display reads it (core's
 * `boardReaders`); a kiosk or counter is refused 403 `DK_ERR_DEVICE_KIND_FORBIDDEN`. Never
 * cached: it changes with every call.
 */
export function boardRoutes(app: FastifyInstance, db: Db, now: () => Date = () => new Date()): void {
  app.get(routes.board, async (req, reply) => {
    const device = await authenticateDevice(db, req.headers.authorization);
    if (!boardReaders.includes(device.kind)) throw new DangkyError('DK_ERR_DEVICE_KIND_FORBIDDEN');
    await recordDeviceContact(db, device);
    return reply.header('cache-control', 'no-store').send(await readBoard(db, device.siteId, now()));
  });
}
