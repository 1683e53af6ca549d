import type { DomainEvent } from '@dangky/core/events';
import type { RecordOutcomeInput } from '@dangky/core/machines';
import type { CounterDb } from '../db/counter-db.ts';
import { appendEvent, type Sealer } from '@dangky/web';

/** The event each outcome is recorded as (the fold turns it back into the same outcome). */
export function appendOutcome(db: CounterDb, sealer: Sealer, deviceId: string, input: RecordOutcomeInput, now?: Date): Promise<DomainEvent> {
  const by = { registrationId: input.registration.registrationId, operatorId: input.operatorId };
  const at = now ? { now } : {};
  const o = input.outcome;
  switch (o.kind) {
    case 'token-issued':
      return appendEvent(db, sealer, { deviceId, type: 'token.issued', payload: { ...by, tokenSerial: o.tokenSerial.trim(), ...(o.identityCheck ? { identityCheck: o.identityCheck } : {}) }, ...at });
    case 'remote-activated':
      return appendEvent(db, sealer, { deviceId, type: 'remote.activated', payload: { ...by, ...(o.identityCheck ? { identityCheck: o.identityCheck } : {}) }, ...at });
    case 'eid-level2-handed-over':
      return appendEvent(db, sealer, { deviceId, type: 'eid.level2.recorded', payload: { ...by, outcome: 'handed-to-officer' }, ...at });
    case 'cancelled':
      return appendEvent(db, sealer, { deviceId, type: 'registration.cancelled', payload: { ...by, reason: o.reason, ...(o.note ? { note: o.note } : {}) }, ...at });
  }
}
