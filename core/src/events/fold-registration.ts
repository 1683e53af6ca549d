import type { ErrorCode } from '../errors/registry.ts';
import type { CancelReason, OutcomeKind, RegistrationDraft, RegistrationStatus } from '../schemas/registration.ts';
import type { DomainEvent } from './envelope.ts';

/**
 * The state of one registration as a pure fold of its events. The kiosk, the counter and
 * the server all call this, so they agree on what is legal: a registration is submitted
 * once, may be called (again) while waiting or called, and ends exactly once — completed
 * with an outcome or cancelled with a reason. Anything else is an illegal transition.
 */
export interface RegistrationState {
  registrationId: string;
  draft: RegistrationDraft;
  status: RegistrationStatus;
  submittedAt: string;
  calledAt: string | null;
  calledBy: string | null;
  counterId: string | null;
  completedAt: string | null;
  outcome: OutcomeKind | null;
  operatorId: string | null;
  tokenSerial: string | null;
  cancelReason: CancelReason | null;
  /** How many events the fold has applied (for optimistic checks and tests). */
  version: number;
}

export type FoldResult = { ok: true; state: RegistrationState } | { ok: false; code: ErrorCode };

const completionOf: Partial<Record<DomainEvent['type'], OutcomeKind>> = {
  'token.issued': 'token-issued',
  'remote.activated': 'remote-activated',
  'eid.level2.recorded': 'eid-level2-handed-over',
  'registration.cancelled': 'cancelled',
};

/** Which outcome each service allows, so a token cannot be "issued" for an e-ID registration. */
function outcomeFitsService(outcome: OutcomeKind, draft: RegistrationDraft): boolean {
  if (outcome === 'cancelled') return true;
  if (draft.service.kind === 'eid-level2') return outcome === 'eid-level2-handed-over';
  return draft.service.channel === 'token' ? outcome === 'token-issued' : outcome === 'remote-activated';
}

export function applyEvent(state: RegistrationState | undefined, event: DomainEvent): FoldResult {
  if (event.type === 'registration.submitted') {
    if (state) return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
    return {
      ok: true,
      state: {
        registrationId: event.payload.registrationId,
        draft: event.payload,
        status: 'waiting',
        submittedAt: event.occurredAt,
        calledAt: null,
        calledBy: null,
        counterId: null,
        completedAt: null,
        outcome: null,
        operatorId: null,
        tokenSerial: null,
        cancelReason: null,
        version: 1,
      },
    };
  }
  if (!state) return { ok: false, code: 'DK_ERR_UNKNOWN_REGISTRATION' };
  if (state.status === 'completed' || state.status === 'cancelled') return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };

  if (event.type === 'registration.called') {
    return {
      ok: true,
      state: {
        ...state,
        status: 'called',
        calledAt: event.occurredAt,
        calledBy: event.payload.operatorId,
        counterId: event.payload.counterId,
        version: state.version + 1,
      },
    };
  }

  const outcome = completionOf[event.type];
  if (!outcome || !outcomeFitsService(outcome, state.draft)) return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
  // Only a called registration can be completed; a waiting one may still be cancelled (citizen left).
  if (outcome !== 'cancelled' && state.status !== 'called') return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
  return {
    ok: true,
    state: {
      ...state,
      status: outcome === 'cancelled' ? 'cancelled' : 'completed',
      completedAt: event.occurredAt,
      outcome,
      operatorId: event.payload.operatorId,
      tokenSerial: event.type === 'token.issued' ? event.payload.tokenSerial : null,
      cancelReason: event.type === 'registration.cancelled' ? event.payload.reason : null,
      version: state.version + 1,
    },
  };
}

/** Fold a registration's events in order; stops at the first illegal one. */
export function foldRegistration(events: readonly DomainEvent[]): FoldResult {
  let state: RegistrationState | undefined;
  for (const event of events) {
    const result = applyEvent(state, event);
    if (!result.ok) return result;
    state = result.state;
  }
  return state ? { ok: true, state } : { ok: false, code: 'DK_ERR_UNKNOWN_REGISTRATION' };
}
