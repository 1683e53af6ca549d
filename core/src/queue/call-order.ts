import type { CounterDesks, QueuePolicy } from './desk.ts';
import { callProblem } from './queue-action.ts';
import type { QueueTicket } from './queue-ticket.ts';

/**
 * "Call next": the oldest ticket this counter may serve, priority tickets first — but within
 * the site's priority share, so the other tickets keep moving on a day with many priority
 * tickets. The share is measured over the site's last `priorityWindow` calls (`recentCalls`,
 * newest last): a priority ticket goes first while priority tickets had less than the share
 * of those calls; otherwise the oldest ticket goes, whichever kind it is. Parked tickets, no-shows and tickets reserved for another counter are never
 * taken by "call next" (a clerk calls a parked ticket by hand).
 */
export interface NextTicketInput {
  tickets: readonly QueueTicket[];
  counter: CounterDesks;
  /** Whether each of the site's recent calls went to a priority ticket, oldest first. */
  recentCalls: readonly boolean[];
  policy: Pick<QueuePolicy, 'priorityShare' | 'priorityWindow'>;
}

/** Queue order within one class: by the time it entered the queue, then by number. */
export const byQueueOrder = (a: QueueTicket, b: QueueTicket): number =>
  a.queuedAt - b.queuedAt || (a.ticketNumber < b.ticketNumber ? -1 : a.ticketNumber > b.ticketNumber ? 1 : 0);

/** The tickets "call next" may take at this counter, in queue order. */
export const callableTickets = (tickets: readonly QueueTicket[], counter: CounterDesks): QueueTicket[] =>
  tickets.filter((t) => t.status === 'waiting' && callProblem(t, counter) === null).sort(byQueueOrder);

/** Whether the next call should go to a priority ticket when both kinds wait. */
export function priorityTurn(recentCalls: readonly boolean[], policy: NextTicketInput['policy']): boolean {
  if (policy.priorityShare <= 0) return false;
  if (policy.priorityShare >= 1) return true;
  const window = recentCalls.slice(-policy.priorityWindow);
  if (window.length === 0) return true;
  return window.filter(Boolean).length / window.length < policy.priorityShare;
}

export function nextTicket({ tickets, counter, recentCalls, policy }: NextTicketInput): QueueTicket | null {
  const callable = callableTickets(tickets, counter);
  const oldest = callable[0];
  if (!oldest) return null;
  // Tickets sent here on purpose (a transfer to this counter) were already served once: first.
  const reserved = callable.find((t) => t.reservedFor === counter.counterId);
  if (reserved) return reserved;
  // Out of turn, priority tickets wait by age like everyone (an older one is still taken first).
  const firstPriority = callable.find((t) => t.priority);
  return firstPriority && priorityTurn(recentCalls, policy) ? firstPriority : oldest;
}
