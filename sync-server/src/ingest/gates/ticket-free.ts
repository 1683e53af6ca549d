import { refuse, type PrepareGate } from './gate.ts';

const key = (day: string, number: string) => `${day}|${number}`;

/**
 * Ticket numbers are unique per site and day without asking the server, because each kiosk of a
 * site has its own prefix: a submission must carry its kiosk's prefix and a number not yet used.
 */
export const ticketFree: PrepareGate = async (tx, { device, events }) => {
  const tickets = events.flatMap((e) => (e.type === 'registration.submitted' ? [key(e.payload.ticket.day, e.payload.ticket.number)] : []));
  const rows = tickets.length
    ? await tx.query<{ t: string }>(
        `SELECT day::text || '|' || ticket_number AS t FROM registrations WHERE site_id = $1 AND day::text || '|' || ticket_number = ANY($2)`,
        [device.siteId, tickets],
      )
    : [];
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
