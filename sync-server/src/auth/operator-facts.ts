import { SIGN_IN_CLOCK_SLACK_MS } from '@dangky/core/admin';
import type { Role } from '@dangky/core/protocol';
import type { AuthedDevice } from './device-auth.ts';
import type { Queryable } from '../db/db.ts';
import { signInsOn, type SignInSpan } from './device-sign-ins.ts';

export interface OperatorFacts {
  /** The enabled accounts named, with the sites they work at. */
  staff: Map<string, { role: Role; siteIds: string[]; provinceCode: string | null }>;
  /** The device's site and its province. */
  place: { id: string; provinceCode: string };
  /** Each named person's sign-ins on the device around the times given. */
  signIns: Map<string, SignInSpan[]>;
}

/**
 * What the server knows of the people a device's records name as their operator (a pushed event,
 * a counter's break), read once for a batch: the accounts, the site's province and their sign-ins
 * on the device around the records' times — the facts core's `operatorRefusal` judges with.
 */
export async function operatorFacts(
  tx: Queryable,
  device: AuthedDevice,
  named: readonly { id: string; at: number }[],
): Promise<OperatorFacts> {
  const ids = [...new Set(named.map((n) => n.id))];
  const times = named.map((n) => n.at);
  const rows = await tx.query<{ id: string; role: Role; province_code: string | null; site_ids: string[] | null }>(
    `SELECT st.id, st.role, st.province_code, (SELECT array_agg(ss.site_id) FROM staff_sites ss WHERE ss.staff_id = st.id) AS site_ids
     FROM staff st WHERE st.id = ANY($1) AND st.disabled_at IS NULL`,
    [ids],
  );
  const [site] = await tx.query<{ province_code: string }>('SELECT province_code FROM sites WHERE id = $1', [device.siteId]);
  const signIns = await signInsOn(
    tx,
    device.id,
    ids,
    new Date(Math.min(...times) - SIGN_IN_CLOCK_SLACK_MS).toISOString(),
    new Date(Math.max(...times) + SIGN_IN_CLOCK_SLACK_MS).toISOString(),
  );
  return {
    staff: new Map(rows.map((s) => [s.id, { role: s.role, siteIds: s.site_ids ?? [], provinceCode: s.province_code }])),
    place: { id: device.siteId, provinceCode: site!.province_code },
    signIns,
  };
}
