import type { PrepareGate } from './gate.ts';

/**
 * An event id the server already holds — stored, or held until its registration's submission
 * arrives — is answered `duplicate` and changes nothing (a replayed push).
 */
export const alreadyStored: PrepareGate = async (tx, { events }) => {
  const rows = await tx.query<{ id: string }>(
    'SELECT id::text AS id FROM events WHERE id = ANY($1::uuid[]) UNION ALL SELECT id::text FROM held_events WHERE id = ANY($1::uuid[])',
    [events.map((e) => e.id)],
  );
  const stored = new Set(rows.map((r) => r.id));
  return { check: (event) => (stored.has(event.id) ? { status: 'duplicate' } : null) };
};
