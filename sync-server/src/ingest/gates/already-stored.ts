import type { DomainEvent } from '@dangky/core/events';
import { openVault } from '../../privacy/registration-vault.ts';
import { sameEvent, type EventContent } from '../same-event.ts';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * An event id the server already holds — stored, or held until its registration's submission
 * arrives — is answered `duplicate` and changes nothing (a replayed push). Sent again with
 * anything changed, it is a conflict (DK_ERR_EVENT_ID_CONFLICT, logged by the push route): the
 * stored event stands and the difference is never dropped without a word. What was stored is
 * sealed, so it is opened with its registration's key to compare; a registration erased since
 * has nothing left to compare with, and the replay is a duplicate.
 */
export const alreadyStored: PrepareGate = async (tx, { events, keys }) => {
  const rows = await tx.query<{
    id: string;
    registration_id: string;
    type: string;
    seq: number;
    occurred_at: string;
    payload: unknown;
    whole: boolean;
  }>(
    `SELECT id::text AS id, registration_id::text AS registration_id, type, seq, to_json(occurred_at) #>> '{}' AS occurred_at, payload, false AS whole
       FROM events WHERE id = ANY($1::uuid[])
     UNION ALL SELECT id::text, registration_id::text, '', seq, to_json(occurred_at) #>> '{}', event, true FROM held_events WHERE id = ANY($1::uuid[])`,
    [events.map((e) => e.id)],
  );
  const vault = await openVault(
    tx,
    keys,
    rows.map((r) => r.registration_id),
    { create: false },
  );
  const stored = new Map<string, EventContent | null>();
  for (const r of rows) {
    if (vault.erased(r.registration_id)) stored.set(r.id, null);
    else if (r.whole) stored.set(r.id, vault.open(r.registration_id, r.payload) as DomainEvent);
    else stored.set(r.id, { type: r.type, seq: r.seq, occurredAt: r.occurred_at, payload: vault.open(r.registration_id, r.payload) });
  }
  return {
    check(event) {
      if (!stored.has(event.id)) return null;
      const content = stored.get(event.id);
      return !content || sameEvent(content, event) ? { status: 'duplicate' } : refuse('DK_ERR_EVENT_ID_CONFLICT');
    },
  };
};
