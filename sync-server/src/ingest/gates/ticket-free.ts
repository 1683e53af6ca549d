import type { Statement } from '../../db/one-statement.ts';
import { refuse, type PrepareGate } from './gate.ts';

const key = (day: string, number: string) => `${day}|${number}`;

/**
 * Ticket numbers are unique per site and day without asking the server, because each kiosk of a
 * site has its own prefix: a submission must carry its kiosk's prefix and a number not yet used.
 */
export const ticketFree: PrepareGate = async (tx, { device, events }) => {
  const tickets = events.flatMap((e) => (e.type === 'registration.submitted' ? [e.payload.ticket] : []));
  const read = takenTickets(device.siteId, tickets);
  const rows = tickets.length ? await tx.query<{ t: string }>(read.text, read.params) : [];
  const taken = new Set(rows.map((r) => r.t));
  return {
    check(event) {
      if (event.type !== 'registration.submitted') return null;
      const { ticket } = event.payload;
      if (!device.ticketPrefix || !ticket.number.startsWith(`${device.ticketPrefix}-`)) return refuse('DK_ERR_EVENT_INVALID');
      return taken.has(key(ticket.day, ticket.number)) ? refuse('DK_ERR_DUPLICATE_TICKET') : null;
    },
    accepted(event) {
      if (event.type === 'registration.submitted') taken.add(key(event.payload.ticket.day, event.payload.ticket.number));
    },
  };
};

/**
 * Which of these tickets the site has given, looked up on the (site, day, number) key — not a
 * filter over every ticket the site ever gave, which a year of a busy site makes tens of thousands.
 * A day of one ticket with the number of another may come too: a ticket taken all the same, and
 * only the batch's own pairs are asked about.
 */
export const takenTickets = (siteId: string, tickets: readonly { day: string; number: string }[]): Statement => ({
  text: `SELECT day::text || '|' || ticket_number AS t FROM registrations
         WHERE site_id = $1 AND day = ANY($2::date[]) AND ticket_number = ANY($3::text[])`,
  params: [siteId, [...new Set(tickets.map((t) => t.day))], tickets.map((t) => t.number)],
});
