import type { CancelReason } from '../schemas/registration.ts';
import type { KeyType } from '../schemas/service.ts';
import type { TokenRevocationReason, TokenUnblockReason } from '../token/token-lifecycle.ts';
import type { EventPayload, EventType, IdentityCheck, IssuedCertificate } from './event-types.ts';
import type { RevocationRequester } from './gate-events.ts';

/**
 * What a clerk records, turned into the event that records it — the other half of the fold,
 * which turns each of these events back into the registration's outcome (`completionOf`) or
 * its token's lifecycle. Kept beside the fold and tested with it as a round trip
 * (`outcome-event.test.ts`), so a field the counter records is a field the fold keeps.
 */

/** The outcome of serving a citizen; the kinds are `OutcomeKind`'s, so the fold and the counter machine agree. */
export type CounterOutcome =
  | { kind: 'token-issued'; tokenSerial: string; identityCheck?: IdentityCheck; certificate?: IssuedCertificate; keyType?: KeyType }
  | { kind: 'remote-activated'; identityCheck?: IdentityCheck }
  | { kind: 'eid-level2-handed-over' }
  /** `confirmed`: the clerk explicitly confirmed a "citizen left" before any no-show's grace ran out. */
  | { kind: 'cancelled'; reason: CancelReason; note?: string; confirmed?: boolean };

/** The audited record of a change to an issued token (a PIN unblock or a revocation the agent did). */
/** A care as the counter did it; `identityCheck`: how the holder was identified now; `requestedBy`: who asked for a revocation. */
export type TokenCareRecord =
  | { kind: 'pin-unblocked'; reason: TokenUnblockReason; identityCheck?: IdentityCheck }
  | {
      kind: 'revoked';
      reason: TokenRevocationReason;
      certificateSerial: string;
      identityCheck?: IdentityCheck;
      requestedBy?: RevocationRequester;
    };

/** An event's type and payload, before the outbox gives it an id, a sequence and a time. */
export type EventDraft<T extends EventType = EventType> = { [K in T]: { type: K; payload: EventPayload<K> } }[T];

/** Who records it, about which registration. */
export interface RecordedBy {
  registrationId: string;
  operatorId: string;
}

export function outcomeEvent(
  outcome: CounterOutcome,
  by: RecordedBy,
): EventDraft<'token.issued' | 'remote.activated' | 'eid.level2.recorded' | 'registration.cancelled'> {
  const { registrationId, operatorId } = by;
  const base = { registrationId, operatorId };
  switch (outcome.kind) {
    case 'token-issued':
      return {
        type: 'token.issued',
        // The certificate goes with the outcome, so "Tra cứu token" can revoke it later without retyping its serial.
        payload: {
          ...base,
          tokenSerial: outcome.tokenSerial.trim(),
          ...(outcome.identityCheck ? { identityCheck: outcome.identityCheck } : {}),
          ...(outcome.certificate ? { certificate: outcome.certificate } : {}),
          ...(outcome.keyType ? { keyType: outcome.keyType } : {}),
        },
      };
    case 'remote-activated':
      return { type: 'remote.activated', payload: { ...base, ...(outcome.identityCheck ? { identityCheck: outcome.identityCheck } : {}) } };
    case 'eid-level2-handed-over':
      return { type: 'eid.level2.recorded', payload: { ...base, outcome: 'handed-to-officer' } };
    case 'cancelled':
      return {
        type: 'registration.cancelled',
        payload: {
          ...base,
          reason: outcome.reason,
          ...(outcome.note ? { note: outcome.note } : {}),
          ...(outcome.confirmed ? { confirmed: true } : {}),
        },
      };
  }
}

export function tokenCareEvent(
  record: TokenCareRecord,
  by: RecordedBy & { tokenSerial: string },
): EventDraft<'token.pin-unblocked' | 'token.revoked'> {
  const base = {
    registrationId: by.registrationId,
    operatorId: by.operatorId,
    tokenSerial: by.tokenSerial.trim(),
    ...(record.identityCheck ? { identityCheck: record.identityCheck } : {}),
  };
  return record.kind === 'pin-unblocked'
    ? { type: 'token.pin-unblocked', payload: { ...base, reason: record.reason } }
    : {
        type: 'token.revoked',
        payload: {
          ...base,
          reason: record.reason,
          certificateSerial: record.certificateSerial,
          ...(record.requestedBy ? { requestedBy: record.requestedBy } : {}),
        },
      };
}
