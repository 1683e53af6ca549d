import type { FastifyInstance } from 'fastify';
import { routes } from '@dangky/core/protocol';
import type { HandoffKeysResponse } from '@dangky/core/handoff';
import { DangkyError } from '@dangky/core/errors';
import type { Db } from '../db/db.ts';
import { authenticateDevice } from '../auth/device-auth.ts';
import { siteKeys } from '../handoff/site-keys.ts';

/**
 * The hand-off keys of the asking device's site, by least privilege: a kiosk receives the public
 * half it seals tickets with and nothing that opens one; a counter also receives the private
 * halves; any other kind of device nothing. Never cached (the answer holds private keys).
 */
export function handoffRoutes(app: FastifyInstance, db: Db, kek: Buffer): void {
  app.get(routes.handoffKeys, async (req, reply) => {
    const device = await authenticateDevice(db, req.headers.authorization);
    // Only the devices of the hand-off: any other kind (a waiting-room display) gets nothing.
    if (device.kind !== 'kiosk' && device.kind !== 'counter') throw new DangkyError('DK_ERR_FORBIDDEN');
    const keys = await siteKeys(db, kek, device.siteId);
    const body: HandoffKeysResponse = {
      siteId: device.siteId,
      seal: keys.seal,
      ...(device.kind === 'counter' ? { open: keys.open } : {}),
    };
    return reply.header('cache-control', 'no-store').send(body);
  });
}
