import type { QueuePolicy } from './desk.ts';
import type { QueueTicket } from './queue-ticket.ts';

/**
 * A no-show forgives: for the site's grace period the ticket can be recalled or put back in the
 * queue (the citizen was in the toilet, or outside with a child); after it the ticket lapses
 * and counts as cancelled ("citizen left"). Decided from the no-show time alone, so the counter,
 * the server and the display agree without a timer event.
 */
export const graceEndsAt = (ticket: Pick<QueueTicket, 'noShowAt'>, policy: Pick<QueuePolicy, 'noShowGraceMinutes'>): number | null =>
  ticket.noShowAt === null ? null : ticket.noShowAt + policy.noShowGraceMinutes * 60_000;

export function isLapsed(
  ticket: Pick<QueueTicket, 'status' | 'noShowAt'>,
  now: number,
  policy: Pick<QueuePolicy, 'noShowGraceMinutes'>,
): boolean {
  const end = graceEndsAt(ticket, policy);
  return ticket.status === 'no-show' && end !== null && now >= end;
}
