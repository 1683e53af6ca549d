import { eventPayloads, type DomainEvent, type EventPayload, type RegistrationState } from '@dangky/core/events';
import { DangkyError, isErrorCode } from '@dangky/core/errors';
import { appendEvent, type Sealer } from '@dangky/web';
import type { CounterDb } from '../db/counter-db.ts';

/**
 * The police officer's answer to an e-ID level-2 application the counter handed over earlier
 * (approved, refused with the officer's reason, or still pending), recorded at the counter with
 * the officer's reference as `eid.level2.result-recorded`. The hand-offs are looked up in the
 * counter's own synced registrations by ticket or ID number, like "Tra cứu token"; one whose
 * final result is recorded is not offered again.
 */
export type EidResultInput = Omit<EventPayload<'eid.level2.result-recorded'>, 'registrationId' | 'operatorId'>;

export function awaitingResults(views: readonly RegistrationState[], query: string): RegistrationState[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return views
    .filter((v) => v.outcome === 'eid-level2-handed-over' && (!v.eidResult || v.eidResult.result === 'pending'))
    .filter((v) => v.draft.identity.idNumber === q || v.draft.ticket.number.toLowerCase() === q)
    .sort((a, b) => Date.parse(b.completedAt ?? b.submittedAt) - Date.parse(a.completedAt ?? a.submittedAt));
}

/** Parses the result with the event's own schema (reference, refusal reason) and appends it, unless the fold would refuse it. */
export async function recordEidResult(
  db: CounterDb,
  sealer: Sealer,
  options: { deviceId: string; operatorId: string; registration: RegistrationState; result: EidResultInput },
): Promise<DomainEvent> {
  const { deviceId, operatorId, registration } = options;
  const parsed = eventPayloads['eid.level2.result-recorded'].safeParse({
    ...options.result,
    registrationId: registration.registrationId,
    operatorId,
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message;
    throw new DangkyError(isErrorCode(message) ? message : 'DK_ERR_VALIDATION');
  }
  // The fold's rule, before anything reaches the outbox: a handed-over application, no final result yet.
  if (awaitingResults([registration], registration.draft.ticket.number).length === 0) throw new DangkyError('DK_ERR_ILLEGAL_TRANSITION');
  return appendEvent(db, sealer, { deviceId, type: 'eid.level2.result-recorded', payload: parsed.data });
}
