import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import { hcmDay } from '@dangky/core/time';
import type { Queryable } from '../../db/db.ts';

/**
 * Ingest step: each accepted call added to the call board's projection (migration 0027) — the
 * ticket number, the counter, the time and the citizen's language for the announcement, taken
 * from the registration's state in memory (its stored state is sealed). A call pushed again is
 * the same event: kept once.
 */
export async function writeBoardCalls(
  tx: Queryable,
  accepted: readonly DomainEvent[],
  changed: readonly RegistrationState[],
): Promise<void> {
  const states = new Map(changed.map((s) => [s.registrationId, s]));
  const calls = accepted.flatMap((e) => {
    const state = states.get(e.payload.registrationId);
    return e.type === 'registration.called' && state ? [{ event: e, counterId: e.payload.counterId, state }] : [];
  });
  if (calls.length === 0) return;
  await tx.query(
    `INSERT INTO board_calls (event_id, site_id, day, registration_id, ticket_number, counter_id, called_at, language)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      calls.map((c) => c.event.id),
      calls.map((c) => c.state.draft.siteId),
      calls.map((c) => hcmDay(c.event.occurredAt)),
      calls.map((c) => c.state.registrationId),
      calls.map((c) => c.state.draft.ticket.number),
      calls.map((c) => c.counterId),
      calls.map((c) => c.event.occurredAt),
      calls.map((c) => c.state.draft.language),
    ],
  );
}
