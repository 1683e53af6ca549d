import type { DomainEvent } from '@dangky/core/events';
import type { RecordOutcomeInput, TokenCareRecord } from '@dangky/core/machines';
import type { CounterDb } from '../db/counter-db.ts';
import { appendEvent, type Sealer } from '@dangky/web';

/** The event each outcome is recorded as (the fold turns it back into the same outcome). */
export function appendOutcome(
  db: CounterDb,
  sealer: Sealer,
  deviceId: string,
  input: RecordOutcomeInput,
  now?: Date,
): Promise<DomainEvent> {
  const by = { registrationId: input.registration.registrationId, operatorId: input.operatorId };
  const at = now ? { now } : {};
  const o = input.outcome;
  switch (o.kind) {
    case 'token-issued':
      return appendEvent(db, sealer, {
        deviceId,
        type: 'token.issued',
        // The certificate goes with the outcome, so "Tra cứu token" can revoke it later without retyping its serial.
        payload: {
          ...by,
          tokenSerial: o.tokenSerial.trim(),
          ...(o.identityCheck ? { identityCheck: o.identityCheck } : {}),
          ...(o.certificate ? { certificate: o.certificate } : {}),
        },
        ...at,
      });
    case 'remote-activated':
      return appendEvent(db, sealer, {
        deviceId,
        type: 'remote.activated',
        payload: { ...by, ...(o.identityCheck ? { identityCheck: o.identityCheck } : {}) },
        ...at,
      });
    case 'eid-level2-handed-over':
      return appendEvent(db, sealer, { deviceId, type: 'eid.level2.recorded', payload: { ...by, outcome: 'handed-to-officer' }, ...at });
    case 'cancelled':
      return appendEvent(db, sealer, {
        deviceId,
        type: 'registration.cancelled',
        payload: { ...by, reason: o.reason, ...(o.note ? { note: o.note } : {}) },
        ...at,
      });
  }
}

/** After issuance (issue 5): the audited record of a PIN unblock or a revocation (core's `tokenCareMachine`), through the outbox like the outcomes. */
export type { TokenCareRecord };

export function appendTokenCare(
  db: CounterDb,
  sealer: Sealer,
  options: { deviceId: string; registrationId: string; operatorId: string; tokenSerial: string; record: TokenCareRecord; now?: Date },
): Promise<DomainEvent> {
  const { deviceId, record } = options;
  const base = { registrationId: options.registrationId, operatorId: options.operatorId, tokenSerial: options.tokenSerial.trim() };
  const at = options.now ? { now: options.now } : {};
  return record.kind === 'pin-unblocked'
    ? appendEvent(db, sealer, { deviceId, type: 'token.pin-unblocked', payload: { ...base, reason: record.reason }, ...at })
    : appendEvent(db, sealer, {
        deviceId,
        type: 'token.revoked',
        payload: { ...base, reason: record.reason, certificateSerial: record.certificateSerial },
        ...at,
      });
}
