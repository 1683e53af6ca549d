import type { RegistrationState } from '@dangky/core/events';
import { deskServiceOf } from '@dangky/core/queue';
import type { Statement } from '../../db/one-statement.ts';
import type { RegistrationVault } from '../../privacy/registration-vault.ts';
import { citizenKey } from '../../citizens/citizen-key.ts';
import type { CitizenLookup } from '../../privacy/server-keys.ts';

/**
 * Upserts the registrations projection, each changed row with a fresh `change_seq` so the
 * counters' pull cursor sees it. The state is sealed under the registration's data key; the
 * columns beside it (site, day, ticket, status, desk) are what the queue and reports need, and hold no
 * personal data.
 */
export function registrationsStatement(
  vault: RegistrationVault,
  keys: CitizenLookup,
  changed: readonly RegistrationState[],
): Statement | null {
  if (changed.length === 0) return null;
  return {
    text: `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, finished_at, citizen_key, desk, change_seq)
     SELECT r.id, r.site_id, r.day, r.ticket_number, r.status, r.state, r.finished_at, r.citizen_key, r.desk, nextval('registration_change_seq')
     FROM unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::text[], $9::text[])
       AS r(id, site_id, day, ticket_number, status, state, finished_at, citizen_key, desk)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state, finished_at = EXCLUDED.finished_at,
       citizen_key = EXCLUDED.citizen_key, desk = EXCLUDED.desk, change_seq = EXCLUDED.change_seq`,
    params: [
      changed.map((s) => s.registrationId),
      changed.map((s) => s.draft.siteId),
      changed.map((s) => s.draft.ticket.day),
      changed.map((s) => s.draft.ticket.number),
      changed.map((s) => s.status),
      changed.map((s) => vault.seal(s.registrationId, s)),
      changed.map((s) => (s.status === 'completed' || s.status === 'cancelled' ? s.completedAt : null)),
      changed.map((s) => citizenKey(keys, s.draft.identity.idNumber)),
      changed.map((s) => deskServiceOf(s.draft.service)),
    ],
  };
}
