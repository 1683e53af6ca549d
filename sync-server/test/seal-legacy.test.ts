import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import { citizenKey } from '../src/citizens/citizen-key.ts';
import { sealLegacyRows } from '../src/privacy/seal-legacy.ts';
import { processServerKeys } from '../src/privacy/server-keys.ts';
import { harness, dbKind, type Harness } from './harness.ts';

/**
 * A database from before the server sealed personal data: its states in clear and its holdings
 * keyed by the bare ID number are brought up to the rule at start, once.
 */
let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe(`rows written before sealing, on ${dbKind}`, () => {
  it('are sealed and re-keyed at start, and a second start finds nothing to do', async () => {
    const id = uuidv7();
    const state = { registrationId: id, draft: { identity: { idNumber: '079100000777', fullName: 'Cũ Văn Rõ' } } };
    await h.db.query(
      `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq)
       VALUES ($1, 'hcm-ben-thanh', '2026-01-05', 'A-777', 'completed', $2::jsonb, nextval('registration_change_seq'))`,
      [id, JSON.stringify(state)],
    );
    await h.db.query(
      `INSERT INTO citizen_holdings (registration_id, citizen_key, site_id, kind, issued_at) VALUES ($1, '079100000777', 'hcm-ben-thanh', 'eid-level2', now())`,
      [id],
    );

    expect(await sealLegacyRows(h.db, processServerKeys())).toEqual({ states: 1, holdings: 1 });
    const [row] = await h.db.query<{ state: unknown; clear: string }>(
      'SELECT state, state::text AS clear FROM registrations WHERE id = $1',
      [id],
    );
    expect(row!.clear).not.toContain('079100000777');
    expect(await h.open(id, row!.state)).toEqual(state);
    const [holding] = await h.db.query<{ citizen_key: string }>('SELECT citizen_key FROM citizen_holdings WHERE registration_id = $1', [
      id,
    ]);
    expect(holding!.citizen_key).toBe(citizenKey(processServerKeys(), '079100000777'));

    expect(await sealLegacyRows(h.db, processServerKeys())).toEqual({ states: 0, holdings: 0 });
  });
});
