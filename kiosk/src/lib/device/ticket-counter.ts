import { formatTicketNumber, type Ticket } from '@dangky/core/schemas';
import { hcmDay } from '@dangky/core/time';
import { readSetting, writeSetting, type DeviceDb } from '@dangky/web';

/**
 * The next ticket of this kiosk: `<prefix>-<n>`, n restarting at 1 each Ho Chi Minh day. The
 * prefix is unique per site (given at pairing), so numbers are unique per site and day with no
 * network. The counter moves in its own transaction before the registration is written: a
 * crash in between skips a number, which is harmless; it can never hand one out twice.
 */
export async function nextTicket(db: DeviceDb, prefix: string, now: Date = new Date()): Promise<Ticket> {
  const day = hcmDay(now);
  const seq = await db.transaction('rw', db.settings, async () => {
    const current = await readSetting(db, 'ticketCounter');
    const next = current && current.day === day ? current.seq + 1 : 1;
    await writeSetting(db, 'ticketCounter', { day, seq: next });
    return next;
  });
  return { number: formatTicketNumber(prefix, seq), day };
}
