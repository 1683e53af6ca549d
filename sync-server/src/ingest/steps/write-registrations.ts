import type { RegistrationState } from '@dangky/core/events';
import type { Queryable } from '../../db/db.ts';

/**
 * Upserts the registrations projection, each changed row with a fresh `change_seq` so the
 * counters' pull cursor sees it.
 */
export async function writeRegistrations(tx: Queryable, changed: readonly RegistrationState[]): Promise<void> {
  if (changed.length === 0) return;
  await tx.query(
    `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq)
     SELECT r.id, r.site_id, r.day, r.ticket_number, r.status, r.state, nextval('registration_change_seq')
     FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[], $6::jsonb[]) AS r(id, site_id, day, ticket_number, status, state)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state, change_seq = EXCLUDED.change_seq`,
    [
      changed.map((s) => s.registrationId),
      changed.map((s) => s.draft.siteId),
      changed.map((s) => s.draft.ticket.day),
      changed.map((s) => s.draft.ticket.number),
      changed.map((s) => s.status),
      changed.map((s) => JSON.stringify(s)),
    ],
  );
}
