import type { RegistrationState } from '@dangky/core/events';
import { freePeriodEnd, holdingOf } from '@dangky/core/gates';
import { readProviders } from '../../admin/providers.ts';
import type { Queryable } from '../../db/db.ts';
import { citizenKey } from '../../citizens/citizen-key.ts';
import type { CitizenLookup } from '../../privacy/server-keys.ts';

/**
 * Mirrors the batch's changed registrations into `citizen_holdings` (core's `holdingOf`): a row
 * appears when a registration ends with a certificate or an e-ID hand-off, and follows its
 * revocation or the officer's result. One statement per batch, after the registrations. A
 * certificate's free period is fixed as its row is made, from its provider's terms then
 * (core's `freePeriodEnd`), and never moved by a later change of them.
 */
export async function writeHoldings(tx: Queryable, keys: CitizenLookup, changed: readonly RegistrationState[]): Promise<void> {
  const rows = changed.flatMap((state) => {
    const h = holdingOf(state);
    return h ? [{ h, key: citizenKey(keys, state.draft.identity.idNumber) }] : [];
  });
  if (rows.length === 0) return;
  const terms = new Map((await readProviders(tx, 'true', [])).map((p) => [p.id, p]));
  await tx.query(
    `INSERT INTO citizen_holdings (registration_id, citizen_key, site_id, kind, channel, provider_id, token_serial,
                                   certificate_serial, issued_at, not_after, revoked, eid_result, free_until)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::timestamptz[], $10::timestamptz[], $11::boolean[], $12::text[], $13::date[])
     ON CONFLICT (registration_id) DO UPDATE SET
       citizen_key = EXCLUDED.citizen_key, token_serial = EXCLUDED.token_serial,
       certificate_serial = EXCLUDED.certificate_serial, not_after = EXCLUDED.not_after,
       revoked = EXCLUDED.revoked, eid_result = EXCLUDED.eid_result`,
    [
      rows.map((r) => r.h.registrationId),
      rows.map((r) => r.key),
      rows.map((r) => r.h.siteId),
      rows.map((r) => r.h.kind),
      rows.map((r) => r.h.channel),
      rows.map((r) => r.h.providerId),
      rows.map((r) => r.h.tokenSerial),
      rows.map((r) => r.h.certificateSerial),
      rows.map((r) => r.h.issuedAt),
      rows.map((r) => r.h.notAfter),
      rows.map((r) => r.h.revoked),
      rows.map((r) => r.h.eidResult),
      rows.map((r) => (r.h.kind === 'certificate' && r.h.providerId ? freePeriodEnd(terms.get(r.h.providerId), r.h.issuedAt) : null)),
    ],
  );
}
