import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import type { Queryable } from '../../db/db.ts';

/** The stored state of every registration the batch touches, by id (one query). */
export async function loadStates(tx: Queryable, events: readonly DomainEvent[]): Promise<Map<string, RegistrationState>> {
  const ids = [...new Set(events.map((e) => e.payload.registrationId))];
  const rows = await tx.query<{ id: string; state: RegistrationState | string }>(
    'SELECT id::text AS id, state FROM registrations WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, typeof r.state === 'string' ? (JSON.parse(r.state) as RegistrationState) : r.state]));
}
