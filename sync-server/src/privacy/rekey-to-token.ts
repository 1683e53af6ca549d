import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';
import type { ServerKeys } from './server-keys.ts';

/**
 * Moves a database whose data keys a key file wraps (`npm start`, a pilot) to the keys of a
 * PKCS#11 token, with every server stopped (a server still on the key file could not open what was
 * moved): each live data key is unwrapped by the file's KEK and wrapped again by the token's, in
 * batches, each batch one statement, so an interrupted run is simply run again. The look-up key
 * is not re-made but carried into the token (`createTokenKeys` with `lookupKey`): the keyed hashes
 * already stored — an erased registration's among them, whose ID number can no longer be read to
 * hash it again — keep finding their citizen, so one free certificate per citizen still holds.
 * Erased registrations keep their tombstone as it is: there is nothing to re-wrap.
 */
export interface RekeyResult {
  /** Data keys now wrapped by the token's KEK. */
  rewrapped: number;
}

/** Any ID-shaped text: the two look-up keys agree on it only if they are the same key. */
const PROBE = '000000000000';

export async function rekeyToToken(db: Queryable, from: ServerKeys, to: ServerKeys, { batch = 500 } = {}): Promise<RekeyResult> {
  if (from.kekId === to.kekId) return { rewrapped: 0 };
  if (from.citizenHash(PROBE) !== to.citizenHash(PROBE))
    throw new DangkyError('DK_ERR_SERVER_KEY_MISMATCH', {
      detail: { reason: "the token's look-up key is not the key file's: the stored look-ups would find no one" },
    });
  let rewrapped = 0;
  for (;;) {
    const rows = await db.query<{ id: string; wrapped: string }>(
      `SELECT registration_id::text AS id, wrapped FROM registration_keys
       WHERE kek_id = $1 AND wrapped IS NOT NULL ORDER BY registration_id LIMIT $2`,
      [from.kekId, batch],
    );
    if (rows.length === 0) return { rewrapped };
    const moved = rows.map((r) => {
      const key = from.unwrapDataKey(r.id, r.wrapped);
      try {
        return to.wrapDataKey(r.id, key);
      } finally {
        key.fill(0);
      }
    });
    // Only a row still as read: one erased meanwhile stays erased.
    const updated = await db.query(
      `UPDATE registration_keys k SET kek_id = $3, wrapped = n.wrapped
       FROM unnest($1::uuid[], $2::text[], $4::text[]) AS n (registration_id, wrapped, was)
       WHERE k.registration_id = n.registration_id AND k.kek_id = $5 AND k.wrapped = n.was
       RETURNING k.registration_id`,
      [rows.map((r) => r.id), moved, to.kekId, rows.map((r) => r.wrapped), from.kekId],
    );
    rewrapped += updated.length;
  }
}
