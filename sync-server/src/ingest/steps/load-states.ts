import type { DomainEvent, RegistrationState } from '@dangky/core/events';
import type { Queryable } from '../../db/db.ts';
import { storedRegistration } from '../../db/stored-registration.ts';
import { openVault } from '../../privacy/registration-vault.ts';
import type { ServerKeys } from '../../privacy/server-keys.ts';

/**
 * The stored state of every registration the batch touches, by id, opened with its data key
 * (both read in one round trip) and parsed like any outside input: the fold never runs on a row
 * that does not match its schema. A registration whose personal data was erased has no state to open: it is listed
 * apart, and its events are refused (`gates/not-erased.ts`).
 */
export async function loadStates(
  tx: Queryable,
  keys: ServerKeys,
  events: readonly DomainEvent[],
): Promise<{ stored: Map<string, RegistrationState>; erased: Set<string> }> {
  const ids = [...new Set(events.map((e) => e.payload.registrationId))];
  // Every id's key, not only the stored registrations': an erasure the ledger made again after a
  // restore left a tombstone for a registration this database never held, and a device that
  // still sends it must be refused per event, not answered with the whole push failing.
  // Both at once: through `lookupsAsOne`, one round trip.
  const [rows, vault] = await Promise.all([
    tx.query<{ id: string; state: unknown }>('SELECT id::text AS id, state FROM registrations WHERE id = ANY($1::uuid[])', [ids]),
    openVault(tx, keys, ids, { create: false }),
  ]);
  const stored = new Map<string, RegistrationState>();
  const erased = new Set(ids.filter((id) => vault.erased(id)));
  for (const r of rows) if (!erased.has(r.id)) stored.set(r.id, storedRegistration(vault.open(r.id, r.state)));
  return { stored, erased };
}
