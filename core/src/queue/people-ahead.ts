import type { QueuePolicy } from './desk.ts';
import { byQueueOrder } from './call-order.ts';
import type { QueueTicket } from './queue-ticket.ts';

/**
 * How many people will be called before this ticket at its desk, as the call order will do it:
 * every older waiting ticket, and for a ticket without priority also the newer priority tickets
 * that the priority share lets through meanwhile (at most share/(1−share) of them per ticket
 * ahead, plus the one that may go right now).
 */
export function peopleAhead(ticket: QueueTicket, tickets: readonly QueueTicket[], policy: Pick<QueuePolicy, 'priorityShare'>): number {
  const sameDesk = tickets.filter(
    (t) => t.status === 'waiting' && t.service === ticket.service && t.registrationId !== ticket.registrationId,
  );
  const older = sameDesk.filter((t) => byQueueOrder(t, ticket) < 0);
  if (ticket.priority) return sameDesk.filter((t) => t.priority && byQueueOrder(t, ticket) < 0).length;
  const newerPriority = sameDesk.filter((t) => t.priority && byQueueOrder(t, ticket) > 0).length;
  const share = policy.priorityShare;
  const jumping = share >= 1 ? newerPriority : Math.min(newerPriority, Math.ceil(((older.length + 1) * share) / (1 - share)));
  return older.length + jumping;
}
