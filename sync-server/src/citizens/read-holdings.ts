import { holding, type Holding } from '@dangky/core/gates';
import type { Queryable } from '../db/db.ts';
import type { CitizenLookup } from '../privacy/server-keys.ts';
import { citizenKey } from './citizen-key.ts';

interface HoldingRow {
  citizen_key: string;
  registration_id: string;
  site_id: string;
  kind: string;
  channel: string | null;
  provider_id: string | null;
  token_serial: string | null;
  certificate_serial: string | null;
  issued_at: string | Date;
  not_after: string | Date | null;
  revoked: boolean;
  eid_result: string | null;
}

const iso = (v: string | Date): string => new Date(v).toISOString();

/**
 * Everything the given citizens hold, by ID number, in one query (the push gate asks for a whole
 * batch's citizens at once). Rows are parsed like any stored data: a bad row is an error.
 */
export async function readHoldings(tx: Queryable, keys: CitizenLookup, idNumbers: readonly string[]): Promise<Map<string, Holding[]>> {
  const byKey = new Map<string, string>();
  for (const id of new Set(idNumbers)) byKey.set(citizenKey(keys, id), id);
  const out = new Map<string, Holding[]>([...byKey.values()].map((id) => [id, []]));
  if (byKey.size === 0) return out;
  const rows = await tx.query<HoldingRow>(
    `SELECT citizen_key, registration_id::text AS registration_id, site_id, kind, channel, provider_id, token_serial,
            certificate_serial, issued_at, not_after, revoked, eid_result
     FROM citizen_holdings WHERE citizen_key = ANY($1) ORDER BY issued_at`,
    [[...byKey.keys()]],
  );
  for (const r of rows) {
    out.get(byKey.get(r.citizen_key)!)!.push(
      holding.parse({
        registrationId: r.registration_id,
        siteId: r.site_id,
        kind: r.kind,
        channel: r.channel,
        providerId: r.provider_id,
        tokenSerial: r.token_serial,
        certificateSerial: r.certificate_serial,
        issuedAt: iso(r.issued_at),
        notAfter: r.not_after === null ? null : iso(r.not_after),
        revoked: r.revoked,
        eidResult: r.eid_result,
      }),
    );
  }
  return out;
}
