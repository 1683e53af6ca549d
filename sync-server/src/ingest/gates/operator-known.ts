import { refuse, type PrepareGate } from './gate.ts';

/** An event that names an operator names an enabled account that works at the device's site (or a city manager). */
export const operatorKnown: PrepareGate = async (tx, { device, events }) => {
  const ids = [...new Set(events.flatMap((e) => ('operatorId' in e.payload ? [e.payload.operatorId] : [])))];
  const rows = ids.length
    ? await tx.query<{ id: string; role: string; at_site: boolean }>(
        `SELECT st.id, st.role, EXISTS (SELECT 1 FROM staff_sites ss WHERE ss.staff_id = st.id AND ss.site_id = $2) AS at_site
         FROM staff st WHERE st.id = ANY($1) AND st.disabled_at IS NULL`,
        [ids, device.siteId],
      )
    : [];
  const staff = new Map(rows.map((s) => [s.id, s]));
  return {
    check(event) {
      if (!('operatorId' in event.payload)) return null;
      const operator = staff.get(event.payload.operatorId);
      return !operator || (!operator.at_site && operator.role !== 'city-manager') ? refuse('DK_ERR_UNKNOWN_OPERATOR') : null;
    },
  };
};
