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
