import type { Reference } from '@dangky/core/schemas';
import type { DeviceDb } from './device-db.ts';
import { readSetting, writeSetting } from './settings.ts';

/**
 * Move this device's counters up to where the server says they stand (never down). A browser
 * whose data was wiped — a kiosk re-paired after a reinstall — would otherwise start again at
 * event sequence 1 and ticket 001, and the server would refuse those as already used.
 */
export async function adoptServerCounters(db: DeviceDb, device: NonNullable<Reference['device']>): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const seq = (await readSetting(db, 'deviceSeq')) ?? 0;
    if (device.lastSeq > seq) await writeSetting(db, 'deviceSeq', device.lastSeq);
    const ticket = await readSetting(db, 'ticketCounter');
    const server = device.lastTicket;
    if (server.seq === 0) return;
    if (!ticket || ticket.day < server.day || (ticket.day === server.day && ticket.seq < server.seq))
      await writeSetting(db, 'ticketCounter', server);
  });
}
