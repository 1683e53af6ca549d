import { pauseOperatorRefusal } from '@dangky/core/admin';
import type { AuditEntryInput } from '@dangky/core/audit';
import type { ErrorCode } from '@dangky/core/errors';
import { isWithinEventWindow, type EventTimeWindow } from '@dangky/core/events';
import type { CounterPausesResponse, PushResult } from '@dangky/core/protocol';
import {
  afterPauseChange,
  pauseChangeProblem,
  type BoardPause,
  type BoardResume,
  type CounterPause,
  type CounterPauseChange,
} from '@dangky/core/queue';
import type { AuthedDevice } from '../auth/device-auth.ts';
import { operatorFacts } from '../auth/operator-facts.ts';
import type { Db, Queryable } from '../db/db.ts';
import { appendAudits } from '../audit/append-audit.ts';

/**
 * Records a counter's pause changes (core's `counter-pause.ts`), oldest first, each answered on
 * its own as a pushed event is: a change already stored is a duplicate (another with the same id:
 * a conflict); one for another device, dated outside the push's time window, naming someone who
 * was not signed in on this counter then, or that does not follow from the counter's state (a
 * second pause, a resume of a counter that serves) is refused with its code and not stored. Each
 * accepted change is a row of `counter_pauses` and an audit entry (`counter.paused` /
 * `counter.resumed`), in one transaction. Whether a citizen was being served when the break began
 * is the counter's rule alone: the counter posts its changes before the events behind them, so
 * the server may not know yet that the last service ended.
 */
export async function recordPauses(
  db: Db,
  device: AuthedDevice,
  changes: readonly CounterPauseChange[],
  clock: { now: Date; window: EventTimeWindow },
): Promise<CounterPausesResponse> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`pause:${device.id}`]);
    let pause = await counterPauseOf(tx, device.id);
    const stored = await storedChanges(
      tx,
      changes.map((c) => c.id),
    );
    const judge = await operatorJudge(tx, device, changes);
    const results: PushResult[] = [];
    const audits: AuditEntryInput[] = [];
    for (const change of changes) {
      const earlier = stored.get(change.id);
      if (earlier) {
        results.push(sameChange(earlier, change) ? { id: change.id, status: 'duplicate' } : refused(change.id, 'DK_ERR_EVENT_ID_CONFLICT'));
        continue;
      }
      const code: ErrorCode | null =
        change.counterId !== device.id
          ? 'DK_ERR_EVENT_DEVICE_MISMATCH'
          : !isWithinEventWindow(change.at, clock.now, clock.window)
            ? 'DK_ERR_EVENT_TIME_OUT_OF_RANGE'
            : (judge(change) ?? pauseChangeProblem(pause, change, { serving: false }));
      if (code) {
        results.push(refused(change.id, code));
        continue;
      }
      await tx.query('INSERT INTO counter_pauses (id, site_id, counter_id, operator_id, paused, at) VALUES ($1, $2, $3, $4, $5, $6)', [
        change.id,
        device.siteId,
        device.id,
        change.operatorId,
        change.paused,
        change.at,
      ]);
      stored.set(change.id, change);
      pause = afterPauseChange(change);
      audits.push({
        actorId: change.operatorId,
        actorRole: judge.roleOf(change.operatorId),
        action: change.paused ? 'counter.paused' : 'counter.resumed',
        siteId: device.siteId,
        provinceCode: judge.provinceCode,
        target: `device:${device.id}`,
        detail: { device: device.id, change: change.id, at: change.at },
      });
      results.push({ id: change.id, status: 'accepted' });
    }
    await appendAudits(tx, audits);
    return { results, pause };
  });
}

/** A counter's break as the server holds it: its latest change (by the counter's time). */
export async function counterPauseOf(q: Queryable, counterId: string): Promise<CounterPause> {
  const [row] = await q.query<{ paused: boolean; at: string | Date; operator_id: string }>(
    'SELECT paused, at, operator_id FROM counter_pauses WHERE counter_id = $1 ORDER BY at DESC, received_at DESC LIMIT 1',
    [counterId],
  );
  return row?.paused ? { since: new Date(row.at).toISOString(), operatorId: row.operator_id } : null;
}

/**
 * The counters of a site on a break now (their latest change is a pause), with since when, their
 * name and number — what the call display shows and the wait the kiosk prints leaves out — and
 * the change that began it (the display weighs it against a counter's relayed changes).
 */
export async function sitePauses(q: Queryable, siteId: string): Promise<BoardPause[]> {
  const rows = await latestChanges(q, siteId, true);
  return rows.map((r) => ({
    counterId: r.counter_id,
    counterName: r.name ?? r.counter_id,
    counterNumber: r.counter_number === null ? null : Number(r.counter_number),
    since: new Date(r.at).toISOString(),
    changeId: r.id,
  }));
}

/**
 * The counters of a site whose latest change ended a break, with when: the call display needs it
 * to undo a break a counter relayed to it over the site network, if it missed the relayed end.
 */
export async function siteResumes(q: Queryable, siteId: string): Promise<BoardResume[]> {
  const rows = await latestChanges(q, siteId, false);
  return rows.map((r) => ({ counterId: r.counter_id, changeId: r.id, at: new Date(r.at).toISOString() }));
}

/** Each live counter of the site whose latest change (by the counter's time) is a pause (or a resume). */
function latestChanges(q: Queryable, siteId: string, paused: boolean) {
  return q.query<{ id: string; counter_id: string; at: string | Date; name: string | null; counter_number: number | null }>(
    `SELECT latest.id, latest.counter_id, latest.at, d.name, d.counter_number FROM (
       SELECT DISTINCT ON (counter_id) id::text AS id, counter_id, paused, at FROM counter_pauses
       WHERE site_id = $1 ORDER BY counter_id, at DESC, received_at DESC
     ) latest LEFT JOIN devices d ON d.id = latest.counter_id
     WHERE latest.paused = $2 AND d.revoked_at IS NULL AND d.site_id = $1 ORDER BY d.counter_number NULLS LAST, latest.counter_id`,
    [siteId, paused],
  );
}

const refused = (id: string, code: ErrorCode): PushResult => ({ id, status: 'rejected', code, message: code });

const sameChange = (a: CounterPauseChange, b: CounterPauseChange): boolean =>
  a.counterId === b.counterId && a.operatorId === b.operatorId && a.paused === b.paused && Date.parse(a.at) === Date.parse(b.at);

async function storedChanges(q: Queryable, ids: readonly string[]): Promise<Map<string, CounterPauseChange>> {
  const rows = await q.query<{ id: string; counter_id: string; operator_id: string; paused: boolean; at: string | Date }>(
    'SELECT id::text AS id, counter_id, operator_id, paused, at FROM counter_pauses WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, counterId: r.counter_id, operatorId: r.operator_id, paused: r.paused, at: new Date(r.at).toISOString() },
    ]),
  );
}

/** Who may have made a change (core's `pauseOperatorRefusal`), with the facts read once for the whole post. */
async function operatorJudge(tx: Queryable, device: AuthedDevice, changes: readonly CounterPauseChange[]) {
  const { staff, place, signIns } = await operatorFacts(
    tx,
    device,
    changes.map((c) => ({ id: c.operatorId, at: Date.parse(c.at) })),
  );
  const judge = (change: CounterPauseChange): ErrorCode | null =>
    pauseOperatorRefusal(staff.get(change.operatorId), place, signIns.get(change.operatorId) ?? [], change.at);
  return Object.assign(judge, {
    roleOf: (id: string) => staff.get(id)?.role ?? '',
    provinceCode: place.provinceCode,
  });
}
