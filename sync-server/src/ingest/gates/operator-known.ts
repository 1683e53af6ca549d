import { refuse, type PrepareGate } from './gate.ts';

/** An event that names an operator names staff of the device's site (or a city manager). */
export const operatorKnown: PrepareGate = async (tx, { device, events }) => {
  const ids = [...new Set(events.flatMap((e) => ('operatorId' in e.payload ? [e.payload.operatorId] : [])))];
  const rows = ids.length
    ? await tx.query<{ id: string; site_id: string | null; role: string }>('SELECT id, site_id, role FROM staff WHERE id = ANY($1)', [ids])
    : [];
  const staff = new Map(rows.map((s) => [s.id, s]));
  return {
    check(event) {
      if (!('operatorId' in event.payload)) return null;
      const operator = staff.get(event.payload.operatorId);
      return !operator || (operator.site_id !== device.siteId && operator.role !== 'city-manager')
        ? refuse('DK_ERR_UNKNOWN_OPERATOR')
        : null;
    },
  };
};
