import type { ErrorCode } from '../errors/registry.ts';
import type { OutcomeKind, RegistrationDraft } from '../schemas/registration.ts';
import type { DomainEvent } from './envelope.ts';
import type { RegistrationState } from './registration-state.ts';
import { applyTokenEvent, type TokenLifecycleRecord } from '../token/token-lifecycle.ts';
import { applyGateEvent, isGateEvent } from './apply-gate-event.ts';
import { noEvidence } from '../gates/identity-evidence.ts';

/**
 * The state of one registration as a pure fold of its events. The kiosk, the counter and
 * the server all call this, so they agree on what is legal: a registration is submitted
 * once, may be called (again) while waiting or called, and ends exactly once — completed
 * with an outcome or cancelled with a reason. Anything else is an illegal transition.
 */
export type FoldResult = { ok: true; state: RegistrationState } | { ok: false; code: ErrorCode };

const completionOf: Partial<Record<DomainEvent['type'], OutcomeKind>> = {
  'token.issued': 'token-issued',
  'remote.activated': 'remote-activated',
  'eid.level2.recorded': 'eid-level2-handed-over',
  'registration.cancelled': 'cancelled',
};

/** The outcome a registration's service allows (besides cancelling), so a token cannot be "issued" for an e-ID registration. */
export function allowedOutcome(draft: RegistrationDraft): Exclude<OutcomeKind, 'cancelled'> {
  if (draft.service.kind === 'eid-level2') return 'eid-level2-handed-over';
  return draft.service.channel === 'token' ? 'token-issued' : 'remote-activated';
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
  if (isGateEvent(event)) return applyGateEvent(state, event);
  if (event.type === 'token.pin-unblocked' || event.type === 'token.revoked') return applyTokenChange(state, event);
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
        // A recall: the citizen who did not come is announced again.
        ...(state.noShow ? { noShow: null } : {}),
        // A transferred or parked ticket is served again: no longer held.
        ...(state.hold ? { hold: null } : {}),
        version: state.version + 1,
      },
    };
  }

  const outcome = completionOf[event.type];
  if (!outcome || (outcome !== 'cancelled' && outcome !== allowedOutcome(state.draft)))
    return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
  const certificate = event.type === 'token.issued' ? event.payload.certificate : undefined;
  // The certificate is the registration's provider's: a token certified by another CA is not this service.
  if (certificate && (state.draft.service.kind !== 'digital-signature' || certificate.providerId !== state.draft.service.providerId)) {
    return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
  }
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
      ...(certificate ? { issuedCertificate: { ...certificate, serial: normalSerial(certificate.serial) } } : {}),
      // A signature spends the identity evidence: token care later needs the holder identified again.
      ...(outcome === 'token-issued' || outcome === 'remote-activated' ? { evidence: noEvidence } : {}),
      version: state.version + 1,
    },
  };
}

/** Certificate serials compare as the agent writes them: lowercase hex, no colons, no leading zero bytes. */
const normalSerial = (serial: string): string =>
  serial
    .toLowerCase()
    .replaceAll(':', '')
    .replace(/^(00)+(?=..)/, '');

/**
 * A change to the token issued for this registration, checked by the token lifecycle statechart
 * (`applyTokenEvent`): only for the token that was issued, and only where the statechart allows
 * it (a revoked token is never unblocked or revoked again). An unblock records the block the
 * counter found first, so it is legal from `issued` as well as `blocked`.
 */
function applyTokenChange(
  state: RegistrationState,
  event: Extract<DomainEvent, { type: 'token.pin-unblocked' | 'token.revoked' }>,
): FoldResult {
  if (state.outcome !== 'token-issued' || !state.tokenSerial || state.tokenSerial !== event.payload.tokenSerial.trim())
    return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
  // A revocation names the certificate the CA revoked; when the issuance recorded one, it must be that one.
  const issued = state.issuedCertificate?.serial;
  if (
    event.type === 'token.revoked' &&
    issued &&
    event.payload.certificateSerial &&
    normalSerial(event.payload.certificateSerial) !== issued
  ) {
    return { ok: false, code: 'DK_ERR_ILLEGAL_TRANSITION' };
  }
  const current = state.tokenLifecycle ?? { state: 'issued' as const, reason: null };
  let record: TokenLifecycleRecord = {
    state: current.state,
    tokenSerial: state.tokenSerial,
    certificateSerial: issued ?? '00',
    reason: current.reason,
    replacedBy: null,
  };
  const steps =
    event.type === 'token.revoked'
      ? [{ type: 'token.revoke' as const, reason: event.payload.reason }]
      : record.state === 'issued'
        ? [{ type: 'token.block' as const }, { type: 'token.unblock' as const }]
        : [{ type: 'token.unblock' as const }];
  for (const step of steps) {
    const next = applyTokenEvent(record, step);
    if (!next.ok) return next;
    record = next.record;
  }
  return {
    ok: true,
    state: { ...state, tokenLifecycle: { state: record.state, reason: record.reason }, evidence: noEvidence, version: state.version + 1 },
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
