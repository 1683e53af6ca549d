import type { RegistrationState } from '../events/registration-state.ts';
import { nextTicket } from './call-order.ts';
import { deskServiceOf, type CounterDesks, type QueuePolicy } from './desk.ts';
import type { QueueTicket, QueueTicketStatus } from './queue-ticket.ts';

/**
 * The waiting room's view of the registrations a counter holds: each folded registration as a
 * queue ticket (number, desk, priority, where it stands — nothing that names the citizen), and
 * "call next" decided by core's call order on them. The counter and any other reader of the same
 * registrations therefore call in the same order: oldest first, priority tickets first within the
 * site's priority share.
 */

const statusOf = (state: RegistrationState): QueueTicketStatus => {
  if (state.status === 'completed' || state.status === 'cancelled') return 'done';
  if (state.status === 'called') return state.noShow ? 'no-show' : 'called';
  return state.hold?.kind === 'park' ? 'parked' : 'waiting';
};

const msOrNull = (at: string | null | undefined): number | null => (at ? Date.parse(at) : null);

export const queueTicketOf = (state: RegistrationState): QueueTicket => ({
  registrationId: state.registrationId,
  ticketNumber: state.draft.ticket.number,
  service: state.desk ?? deskServiceOf(state.draft.service),
  priority: state.draft.priority === true,
  status: statusOf(state),
  queuedAt: Date.parse(state.submittedAt),
  reservedFor: state.hold?.counterId ?? null,
  counterId: state.counterId,
  noShowAt: msOrNull(state.noShow?.at),
  announcements: state.calledAt ? 1 : 0,
  transferNote: state.hold?.note ?? null,
  calledAt: msOrNull(state.calledAt),
});

/** Whether each of the site's calls went to a priority ticket, oldest call first (the share is measured over the last ones). */
export const recentCallsOf = (states: readonly RegistrationState[]): boolean[] =>
  states
    .filter((s) => s.calledAt !== null)
    .sort((a, b) => Date.parse(a.calledAt!) - Date.parse(b.calledAt!))
    .map((s) => s.draft.priority === true);

/**
 * "Call next" at a counter, from the desks it serves (`counterSeat`: every desk for a counter not
 * numbered yet): the registration core's call order takes, or `null` when nobody waits.
 */
export function nextRegistration(
  states: readonly RegistrationState[],
  counter: CounterDesks,
  policy: Pick<QueuePolicy, 'priorityShare' | 'priorityWindow'>,
): RegistrationState | null {
  const next = nextTicket({
    tickets: states.map(queueTicketOf),
    counter,
    recentCalls: recentCallsOf(states),
    policy,
  });
  return next ? (states.find((s) => s.registrationId === next.registrationId) ?? null) : null;
}
