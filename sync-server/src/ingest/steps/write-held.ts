import type { DomainEvent } from '@dangky/core/events';
import type { Queryable } from '../../db/db.ts';
import type { RegistrationVault } from '../../privacy/registration-vault.ts';

/** Keeps the events that wait for their registration's submission, in one statement, sealed like the events they will become. */
export async function writeHeld(tx: Queryable, vault: RegistrationVault, siteId: string, held: readonly DomainEvent[]): Promise<void> {
  if (held.length === 0) return;
  await tx.query(
    `INSERT INTO held_events (id, device_id, seq, site_id, registration_id, occurred_at, event)
     SELECT u.id, u.device_id, u.seq, $1, u.registration_id, u.occurred_at, u.event
     FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::uuid[], $6::timestamptz[], $7::jsonb[])
       AS u (id, device_id, seq, registration_id, occurred_at, event)`,
    [
      siteId,
      held.map((e) => e.id),
      held.map((e) => e.deviceId),
      held.map((e) => e.seq),
      held.map((e) => e.payload.registrationId),
      held.map((e) => e.occurredAt),
      held.map((e) => vault.seal(e.payload.registrationId, e)),
    ],
  );
}
