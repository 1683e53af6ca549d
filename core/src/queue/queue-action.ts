import type { ErrorCode } from '../errors/registry.ts';
import type { CounterDesks, DeskService, QueueCounter, QueuePolicy } from './desk.ts';
import { isLapsed } from './grace.ts';
import type { QueueTicket } from './queue-ticket.ts';

/**
 * What a clerk does to a ticket, as pure transitions. The counter checks an action before it
 * writes the event, the server checks it again at ingest, and every device folds the accepted
 * events with the same function — so a refusal has one code everywhere.
 */
export type QueueAction =
  | { type: 'call'; counterId: string }
  | { type: 'recall'; counterId: string }
  | { type: 'no-show'; counterId: string }
  | { type: 'put-back'; counterId: string }
  | { type: 'park'; counterId: string }
  | { type: 'transfer'; counterId: string; to: TransferTarget; note?: string }
  | { type: 'finish'; counterId: string }
  | { type: 'cancel' };

/** To a counter (only it may call the ticket) or to a desk (any counter serving it). */
export type TransferTarget = { counterId: string } | { service: DeskService };

export const TRANSFER_NOTE_MAX = 200;

export interface QueueActionContext {
  /** ms since the epoch: when the action happens. */
  at: number;
  policy: Pick<QueuePolicy, 'noShowGraceMinutes'>;
  /** The site's counters: a transfer goes only to one that exists and serves the desk. */
  counters: readonly QueueCounter[];
}

export type QueueActionResult = { ok: true; ticket: QueueTicket } | { ok: false; code: ErrorCode };

const refuse = (code: ErrorCode): QueueActionResult => ({ ok: false, code });

/** Whether a counter may call this ticket at all (its desk, its reservation), before any status check. */
export function callProblem(ticket: QueueTicket, counter: CounterDesks | undefined): ErrorCode | null {
  if (!counter) return 'DK_ERR_QUEUE_COUNTER_UNKNOWN';
  if (!counter.services.includes(ticket.service)) return 'DK_ERR_QUEUE_DESK_NOT_SERVED';
  if (ticket.reservedFor !== null && ticket.reservedFor !== counter.counterId) return 'DK_ERR_QUEUE_RESERVED_ELSEWHERE';
  return null;
}

export function applyQueueAction(ticket: QueueTicket, action: QueueAction, ctx: QueueActionContext): QueueActionResult {
  if (ticket.status === 'done') return refuse('DK_ERR_QUEUE_TICKET_CLOSED');
  if (action.type === 'cancel') return { ok: true, ticket: { ...ticket, status: 'done' } };
  const counter = ctx.counters.find((c) => c.counterId === action.counterId);
  const lapsed = isLapsed(ticket, ctx.at, ctx.policy);
  const atThisCounter = ticket.counterId === action.counterId;

  switch (action.type) {
    case 'call': {
      if (ticket.status !== 'waiting' && ticket.status !== 'parked') return refuse('DK_ERR_QUEUE_NOT_WAITING');
      const problem = callProblem(ticket, counter);
      if (problem) return refuse(problem);
      return { ok: true, ticket: called(ticket, action.counterId, ctx.at) };
    }
    case 'recall': {
      // Announce again: the ticket on this counter, or a no-show still inside its grace period.
      if (ticket.status === 'no-show' && lapsed) return refuse('DK_ERR_QUEUE_GRACE_OVER');
      if (ticket.status !== 'called' && ticket.status !== 'no-show') return refuse('DK_ERR_QUEUE_NOT_CALLED');
      if (!atThisCounter) return refuse('DK_ERR_QUEUE_OTHER_COUNTER');
      return { ok: true, ticket: { ...ticket, status: 'called', noShowAt: null, announcements: ticket.announcements + 1 } };
    }
    case 'no-show':
      if (ticket.status !== 'called') return refuse('DK_ERR_QUEUE_NOT_CALLED');
      if (!atThisCounter) return refuse('DK_ERR_QUEUE_OTHER_COUNTER');
      return { ok: true, ticket: { ...ticket, status: 'no-show', noShowAt: ctx.at } };
    case 'put-back':
      if (ticket.status !== 'no-show') return refuse('DK_ERR_QUEUE_NOT_NO_SHOW');
      if (lapsed) return refuse('DK_ERR_QUEUE_GRACE_OVER');
      return { ok: true, ticket: waitingAgain(ticket, null) };
    case 'park':
      if (ticket.status !== 'called') return refuse('DK_ERR_QUEUE_NOT_CALLED');
      if (!atThisCounter) return refuse('DK_ERR_QUEUE_OTHER_COUNTER');
      // Held for this counter: the citizen went to fetch a paper and comes back to the same clerk.
      return { ok: true, ticket: { ...ticket, status: 'parked', reservedFor: action.counterId } };
    case 'transfer': {
      if (ticket.status !== 'called') return refuse('DK_ERR_QUEUE_NOT_CALLED');
      if (!atThisCounter) return refuse('DK_ERR_QUEUE_OTHER_COUNTER');
      const note = action.note?.normalize('NFC').trim() ?? '';
      if (note.length > TRANSFER_NOTE_MAX) return refuse('DK_ERR_QUEUE_TRANSFER_NOTE_TOO_LONG');
      const problem = transferProblem(ticket, action.counterId, action.to, ctx.counters);
      if (problem) return refuse(problem);
      const service = 'service' in action.to ? action.to.service : ticket.service;
      const reservedFor = 'counterId' in action.to ? action.to.counterId : null;
      return { ok: true, ticket: { ...waitingAgain(ticket, reservedFor), service, transferNote: note || null } };
    }
    case 'finish':
      if (ticket.status !== 'called') return refuse('DK_ERR_QUEUE_NOT_CALLED');
      if (!atThisCounter) return refuse('DK_ERR_QUEUE_OTHER_COUNTER');
      return { ok: true, ticket: { ...ticket, status: 'done' } };
  }
}

/** A transfer must go somewhere else that can serve the citizen. */
export function transferProblem(
  ticket: QueueTicket,
  fromCounterId: string,
  to: TransferTarget,
  counters: readonly QueueCounter[],
): ErrorCode | null {
  if ('counterId' in to) {
    const target = counters.find((c) => c.counterId === to.counterId);
    if (!target || target.counterId === fromCounterId) return 'DK_ERR_QUEUE_TRANSFER_TARGET';
    if (!target.services.includes(ticket.service)) return 'DK_ERR_QUEUE_DESK_NOT_SERVED';
    return null;
  }
  // To a desk: some counter must serve it, and it must be another desk than the ticket's.
  if (to.service === ticket.service || !counters.some((c) => c.services.includes(to.service))) return 'DK_ERR_QUEUE_TRANSFER_TARGET';
  return null;
}

const called = (ticket: QueueTicket, counterId: string, at: number): QueueTicket => ({
  ...ticket,
  status: 'called',
  counterId,
  reservedFor: null,
  noShowAt: null,
  calledAt: at,
  announcements: ticket.announcements + 1,
});

const waitingAgain = (ticket: QueueTicket, reservedFor: string | null): QueueTicket => ({
  ...ticket,
  status: 'waiting',
  counterId: null,
  noShowAt: null,
  reservedFor,
});
