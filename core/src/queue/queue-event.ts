import type { ErrorCode } from '../errors/registry.ts';
import type { DomainEvent } from '../events/envelope.ts';
import type { RegistrationState } from '../events/registration-state.ts';
import { counterSeat, type QueueCounter, type QueuePolicy } from './desk.ts';
import { applyQueueAction, type QueueAction } from './queue-action.ts';
import { queueTicketOf } from './registration-queue.ts';

/**
 * The queue rule for a registration event, as one function the counter asks before it writes the
 * event and the server asks again at ingest: a first call, a transfer and a park are core's queue
 * actions (`applyQueueAction`) on the registration's queue ticket, with the site's counters. The
 * acting counter counts among them even when no one has numbered it yet (it serves every desk).
 * A recall and the no-show events are the grace rule's (`gates/no-show.ts`); other events are not
 * queue actions (`null`).
 */
export type QueueEventInput = Pick<DomainEvent, 'type' | 'payload' | 'occurredAt'>;

export function queueActionOf(state: RegistrationState, event: QueueEventInput): QueueAction | null {
  switch (event.type) {
    case 'registration.called': {
      const p = event.payload as { counterId: string };
      return state.status === 'waiting' ? { type: 'call', counterId: p.counterId } : null;
    }
    case 'registration.transferred': {
      const p = event.payload as {
        counterId: string;
        to: { counterId: string } | { service: QueueCounter['services'][number] };
        note?: string;
      };
      return { type: 'transfer', counterId: p.counterId, to: p.to, ...(p.note !== undefined ? { note: p.note } : {}) };
    }
    case 'registration.parked':
      return { type: 'park', counterId: (event.payload as { counterId: string }).counterId };
    default:
      return null;
  }
}

export function queueEventProblem(
  state: RegistrationState,
  event: QueueEventInput,
  ctx: { counters: readonly QueueCounter[]; policy: Pick<QueuePolicy, 'noShowGraceMinutes'> },
): ErrorCode | null {
  const action = queueActionOf(state, event);
  if (!action || action.type === 'cancel') return null;
  const acting = ctx.counters.some((c) => c.counterId === action.counterId) ? [] : [{ ...counterSeat([], action.counterId), number: 0 }];
  const result = applyQueueAction(queueTicketOf(state), action, {
    at: Date.parse(event.occurredAt),
    policy: ctx.policy,
    counters: [...ctx.counters, ...acting],
  });
  return result.ok ? null : result.code;
}
