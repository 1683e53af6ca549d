import { operatorRefusal, SIGN_IN_CLOCK_SLACK_MS } from '@dangky/core/admin';
import type { Role } from '@dangky/core/protocol';
import { signInsOn } from '../../auth/device-sign-ins.ts';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * An event that names an operator names an enabled account working at the device's site, in a
 * role that records it, who was signed in on this very device when it was recorded (core's
 * `operatorRefusal` decides; this gate brings the facts: the accounts, the site's province and
 * the operators' sign-ins on the device around the batch's times). A device's secret alone can
 * no longer act in anyone's name.
 */
export const operatorSignedIn: PrepareGate = async (tx, { device, events }) => {
  const named = events.flatMap((e) => ('operatorId' in e.payload ? [{ id: e.payload.operatorId, at: Date.parse(e.occurredAt) }] : []));
  if (named.length === 0) return { check: () => null };
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
  const staff = new Map(rows.map((s) => [s.id, { role: s.role, siteIds: s.site_ids ?? [], provinceCode: s.province_code }]));
  const place = { id: device.siteId, provinceCode: site!.province_code };
  return {
    check(event) {
      if (!('operatorId' in event.payload)) return null;
      const id = event.payload.operatorId;
      const code = operatorRefusal(event.type, staff.get(id), place, signIns.get(id) ?? [], event.occurredAt);
      return code ? refuse(code) : null;
    },
  };
};
