import { outcomeEvent, tokenCareEvent, type DomainEvent, type TokenCareRecord } from '@dangky/core/events';
import type { RecordOutcomeInput } from '@dangky/core/machines';
import type { CounterDb } from '../db/counter-db.ts';
import { appendEvent, type Sealer } from '@dangky/web';

/**
 * A clerk's outcome or token change into the outbox, as the event core's `outcomeEvent` /
 * `tokenCareEvent` make of it (the fold turns that event back into the same outcome).
 */
export function appendOutcome(
  db: CounterDb,
  sealer: Sealer,
  deviceId: string,
  input: RecordOutcomeInput,
  now?: Date,
): Promise<DomainEvent> {
  const by = { registrationId: input.registration.registrationId, operatorId: input.operatorId };
  return appendEvent(db, sealer, { deviceId, ...outcomeEvent(input.outcome, by), ...(now ? { now } : {}) });
}

export function appendTokenCare(
  db: CounterDb,
  sealer: Sealer,
  options: { deviceId: string; registrationId: string; operatorId: string; tokenSerial: string; record: TokenCareRecord; now?: Date },
): Promise<DomainEvent> {
  const { deviceId, record, now, ...by } = options;
  return appendEvent(db, sealer, { deviceId, ...tokenCareEvent(record, by), ...(now ? { now } : {}) });
}
