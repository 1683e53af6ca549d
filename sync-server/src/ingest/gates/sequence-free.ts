import { refuse, type PrepareGate } from './gate.ts';

/** A device's sequence number is held by one event only (stored or held): another event on it is a conflict. */
export const sequenceFree: PrepareGate = async (tx, { device, events }) => {
  const rows = await tx.query<{ seq: number }>(
    `SELECT seq FROM events WHERE device_id = $1 AND seq = ANY($2::bigint[])
     UNION ALL SELECT seq FROM held_events WHERE device_id = $1 AND seq = ANY($2::bigint[])`,
    [device.id, events.map((e) => e.seq)],
  );
  const taken = new Set(rows.map((r) => Number(r.seq)));
  return { check: (event) => (taken.has(event.seq) ? refuse('DK_ERR_EVENT_SEQUENCE_CONFLICT') : null) };
};
