import { pass, type GateDecision } from './decision.ts';
import { graceEndsAt } from '../queue/grace.ts';
import { defaultServiceRules, type ServiceRules } from './service-rules.ts';

/**
 * Queue actions that forgive. "Not here" is a no-show, not an ending: the ticket can be called
 * again or put back in the queue (core/src/queue), and a "citizen left" cancellation is allowed
 * only once the queue's grace period after the no-show has passed — or when the clerk explicitly confirmed it (the
 * citizen said they are leaving). A citizen who stepped out to the toilet keeps their place.
 */
export interface CitizenLeftInput {
  /** When the ticket was marked "not here"; `null` when it never was. */
  noShowAt: string | null;
  /** When the cancellation happens. */
  at: string;
  /** The clerk confirmed the cancellation explicitly. */
  confirmed: boolean;
  rules?: ServiceRules;
}

/** The instant from which a no-show may be cancelled without confirmation. */
export const noShowGraceEnds = (noShowAt: string, rules: ServiceRules = defaultServiceRules): string =>
  new Date(graceEndsAt({ noShowAt: Date.parse(noShowAt) }, rules.queue)!).toISOString();

export function citizenLeftGate({ noShowAt, at, confirmed, rules = defaultServiceRules }: CitizenLeftInput): GateDecision {
  if (confirmed) return pass;
  if (noShowAt !== null && Date.parse(at) >= Date.parse(noShowGraceEnds(noShowAt, rules))) return pass;
  return { ok: false, code: 'DK_ERR_CANCEL_TOO_EARLY' };
}

/**
 * Recalling (announcing again) or putting back a ticket marked "not here": only while its grace
 * period runs — after it the ticket has lapsed and can only be cancelled — and a recall only from
 * the counter that marked it, where the citizen was sent. A call of a ticket nobody marked is
 * not this gate's business.
 */
export interface NoShowActionInput {
  action: 'recall' | 'put-back';
  /** The registration's no-show as the fold keeps it; `null` when it has none. */
  noShow: { at: string; counterId: string } | null | undefined;
  /** The counter that recalls (a recall only). */
  counterId?: string;
  /** When the action happens. */
  at: string;
  rules?: ServiceRules;
}

export function noShowActionGate({ action, noShow, counterId, at, rules = defaultServiceRules }: NoShowActionInput): GateDecision {
  if (!noShow) return action === 'recall' ? pass : { ok: false, code: 'DK_ERR_QUEUE_NOT_NO_SHOW' };
  if (Date.parse(at) >= Date.parse(noShowGraceEnds(noShow.at, rules))) return { ok: false, code: 'DK_ERR_QUEUE_GRACE_OVER' };
  if (action === 'recall' && counterId !== noShow.counterId) return { ok: false, code: 'DK_ERR_QUEUE_OTHER_COUNTER' };
  return pass;
}
