import type { DomainEvent } from '@dangky/core/events';
import type { Statement } from '../../db/one-statement.ts';
import type { RegistrationVault } from '../../privacy/registration-vault.ts';

/** Appends the accepted events to the event log in one statement, each payload sealed under its registration's data key. */
export function eventsStatement(vault: RegistrationVault, accepted: readonly DomainEvent[]): Statement | null {
  if (accepted.length === 0) return null;
  return {
    text: `INSERT INTO events (id, device_id, seq, type, occurred_at, registration_id, payload)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[], $6::uuid[], $7::jsonb[])`,
    params: [
      accepted.map((e) => e.id),
      accepted.map((e) => e.deviceId),
      accepted.map((e) => e.seq),
      accepted.map((e) => e.type),
      accepted.map((e) => e.occurredAt),
      accepted.map((e) => e.payload.registrationId),
      accepted.map((e) => vault.seal(e.payload.registrationId, e.payload)),
    ],
  };
}
