import { uuidv7Time } from '@dangky/core/events';
import type { QueueReportQuery, QueueReportResponse, StaffUser } from '@dangky/core/protocol';
import { groupingFor, hcmDay } from '@dangky/core/time';
import type { Db, Queryable } from '../db/db.ts';
import { countsUnits } from './counts-scope.ts';
import {
  queueDeskStats,
  queueHourlyProfile,
  queueKioskTimes,
  queueStaffStats,
  queueStatsByPeriod,
  type QueueScope,
} from './queue-stats.ts';

/**
 * The manager's waiting-room report for a scope: the statistics of `queue-stats.ts`, the names a
 * manager reads instead of ids (counters, clerks), and the queue at this moment. Who may see the
 * scope is checked on the primary; the figures come from `replica`.
 */
export async function queueReport(
  db: Db,
  replica: Queryable,
  user: StaffUser,
  q: QueueReportQuery,
  now: Date = new Date(),
): Promise<QueueReportResponse> {
  const { units, siteIds } = await countsUnits(db, user, q.scope, q.unit);
  const national = q.scope === 'national';
  // A nation or a province reads the province rollups (34 rows, not a thousand sites); a site its own rows.
  const scope: QueueScope = national
    ? { provinceCodes: units.map((u) => u.id) }
    : q.scope === 'province'
      ? { provinceCodes: [q.unit ?? user.provinceCode ?? ''] }
      : { siteIds };
  const grouping = q.grouping ?? groupingFor(q.from, q.to);
  const range = { scope, from: q.from, to: q.to, grouping };
  const [periods, hours, desks, kioskTime, staff, live] = await Promise.all([
    queueStatsByPeriod(replica, range),
    queueHourlyProfile(replica, range),
    queueDeskStats(replica, range),
    queueKioskTimes(replica, range),
    national ? [] : queueStaffStats(replica, { siteIds, from: q.from, to: q.to }),
    national ? [] : liveQueue(replica, units, hcmDay(now), now),
  ]);
  const names = await staffNames(
    replica,
    staff.map((s) => s.operatorId),
    staff.map((s) => s.counterId),
  );
  return {
    scope: q.scope,
    from: q.from,
    to: q.to,
    grouping,
    timeZone: 'Asia/Ho_Chi_Minh',
    periods,
    hours,
    staff: staff.map((s) => ({
      ...s,
      operatorName: names.operators.get(s.operatorId) ?? s.operatorId,
      counterName: names.counters.get(s.counterId) || s.counterId,
    })),
    desks,
    kioskTime,
    live,
  };
}

async function staffNames(db: Queryable, operatorIds: string[], counterIds: string[]) {
  const [operators, counters] = await Promise.all([
    db.query<{ id: string; name: string }>('SELECT id, display_name AS name FROM staff WHERE id = ANY($1)', [operatorIds]),
    db.query<{ id: string; name: string }>('SELECT id, name FROM devices WHERE id = ANY($1)', [counterIds]),
  ]);
  return { operators: new Map(operators.map((r) => [r.id, r.name])), counters: new Map(counters.map((r) => [r.id, r.name])) };
}

/**
 * Today's queue per site, from the columns kept in clear (site, day, status): nothing personal is
 * opened. The longest wait comes from the oldest waiting registration's id, a UUIDv7 whose first
 * 48 bits are the kiosk's submission time.
 */
async function liveQueue(db: Queryable, sites: readonly { id: string; name: string }[], today: string, now: Date) {
  const rows = await db.query<{ site_id: string; waiting: number; in_service: number; oldest: string | null }>(
    `SELECT site_id,
            count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
            count(*) FILTER (WHERE status = 'called')::int AS in_service,
            min(id::text) FILTER (WHERE status = 'waiting') AS oldest
     FROM registrations WHERE site_id = ANY($1) AND day = $2::date GROUP BY site_id`,
    [sites.map((s) => s.id), today],
  );
  const bySite = new Map(rows.map((r) => [r.site_id, r]));
  return sites.map((s) => {
    const r = bySite.get(s.id);
    const oldest = r?.oldest ? uuidv7Time(r.oldest) : null;
    return {
      siteId: s.id,
      siteName: s.name,
      waiting: Number(r?.waiting ?? 0),
      inService: Number(r?.in_service ?? 0),
      longestWaitSeconds: oldest === null ? null : Math.max(0, Math.round((now.getTime() - oldest) / 1000)),
    };
  });
}
