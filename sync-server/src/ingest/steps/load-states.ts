import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import type { Queryable } from '../../db/db.ts';
import { storedRegistration } from '../../db/stored-registration.ts';

/**
 * The stored state of every registration the batch touches, by id (one query), each parsed like
 * any outside input: the fold never runs on a row that does not match its schema.
 */
export async function loadStates(tx: Queryable, events: readonly DomainEvent[]): Promise<Map<string, RegistrationState>> {
  const ids = [...new Set(events.map((e) => e.payload.registrationId))];
  const rows = await tx.query<{ id: string; state: unknown }>(
    'SELECT id::text AS id, state FROM registrations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, storedRegistration(r.state)]));
}
