import type { Db } from '../db/db.ts';
import { citizenKey } from '../citizens/citizen-key.ts';
import { openVault } from './registration-vault.ts';
import type { ServerKeys } from './server-keys.ts';

const BATCH = 500;

/**
 * A database written before the server sealed personal data is brought up to the rule at start:
 * each registration state still in clear is sealed under a new data key, and each holding still
 * keyed by a bare ID number gets the keyed hash. Idempotent (only rows in the old form are
 * touched), so every replica may run it. Events are append-only: those stored in clear before
 * stay as they are (docs/personal-data.md says how to rewrite them during maintenance).
 */
export async function sealLegacyRows(db: Db, keys: ServerKeys): Promise<{ states: number; holdings: number }> {
  let states = 0;
  for (;;) {
    const rows = await db.query<{ id: string; state: unknown }>(
      `SELECT id::text AS id, state FROM registrations WHERE jsonb_typeof(state) = 'object' LIMIT ${BATCH}`,
    );
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      const vault = await openVault(
        tx,
        keys,
        rows.map((r) => r.id),
        { create: true },
      );
      const plain = rows.map(
        (r) => (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as { draft?: { identity?: { idNumber?: string } } },
      );
      const idNumbers = plain.map((s) => s.draft?.identity?.idNumber);
      await tx.query(
        `UPDATE registrations r SET state = u.state, citizen_key = u.citizen_key
         FROM unnest($1::uuid[], $2::jsonb[], $3::text[]) AS u(id, state, citizen_key)
         WHERE r.id = u.id AND jsonb_typeof(r.state) = 'object'`,
        [rows.map((r) => r.id), rows.map((r, i) => vault.seal(r.id, plain[i])), idNumbers.map((n) => (n ? citizenKey(keys, n) : null))],
      );
    });
    states += rows.length;
  }
  const bare = await db.query<{ registration_id: string; citizen_key: string }>(
    "SELECT registration_id::text AS registration_id, citizen_key FROM citizen_holdings WHERE citizen_key ~ '^[0-9]{12}$'",
  );
  if (bare.length > 0)
    await db.query(
      `UPDATE citizen_holdings h SET citizen_key = u.key FROM unnest($1::uuid[], $2::text[]) AS u(id, key)
       WHERE h.registration_id = u.id`,
      [bare.map((r) => r.registration_id), bare.map((r) => citizenKey(keys, r.citizen_key))],
    );
  return { states, holdings: bare.length };
}
