import type { Queryable } from '../db/db.ts';

/**
 * The record of who signed in on which counter and when (`device_sign_ins`). A staff member who
 * signs in through a counter binds that session to it; the push accepts an event naming them as
 * the operator only if it was recorded inside such a span, and the counter's pull of the queue
 * needs the live session bound to it. The span is kept after the session ends, because a counter
 * that recorded events offline delivers them later: the server issued the session and it was
 * live when the clerk acted, which is the proof.
 */
export interface SignInSpan {
  from: string;
  to: string;
}

export async function recordDeviceSignIn(
  q: Queryable,
  s: { sessionSha256: string; deviceId: string; staffId: string; from: string; to: string },
): Promise<void> {
  await q.query('INSERT INTO device_sign_ins (session_sha256, device_id, staff_id, signed_in_at, ended_at) VALUES ($1, $2, $3, $4, $5)', [
    s.sessionSha256,
    s.deviceId,
    s.staffId,
    s.from,
    s.to,
  ]);
}

/** A session ended early (sign-out, disabled account, password reset): its span ends now. */
export async function endDeviceSignIns(q: Queryable, which: { sessionSha256: string } | { staffId: string }, now: Date): Promise<void> {
  const [column, value] = 'sessionSha256' in which ? ['session_sha256', which.sessionSha256] : ['staff_id', which.staffId];
  await q.query(`UPDATE device_sign_ins SET ended_at = $2 WHERE ${column} = $1 AND ended_at > $2`, [value, now.toISOString()]);
}

/** The sign-ins of these people on this device that overlap [from, to], by person. */
export async function signInsOn(
  q: Queryable,
  deviceId: string,
  staffIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, SignInSpan[]>> {
  const byStaff = new Map<string, SignInSpan[]>();
  if (staffIds.length === 0) return byStaff;
  const rows = await q.query<{ staff_id: string; signed_in_at: string | Date; ended_at: string | Date }>(
    `SELECT staff_id, signed_in_at, ended_at FROM device_sign_ins
     WHERE device_id = $1 AND staff_id = ANY($2) AND ended_at >= $3 AND signed_in_at <= $4`,
    [deviceId, staffIds, from, to],
  );
  for (const r of rows) {
    const spans = byStaff.get(r.staff_id) ?? byStaff.set(r.staff_id, []).get(r.staff_id)!;
    spans.push({ from: new Date(r.signed_in_at).toISOString(), to: new Date(r.ended_at).toISOString() });
  }
  return byStaff;
}
