import {
  BOARD_RECENT_CALLS,
  callBoard,
  deskService,
  deskWaits,
  servedNow,
  type BoardCall,
  type CallBoard,
  type DeskService,
} from '@dangky/core/queue';
import { hcmDay } from '@dangky/core/time';
import type { Queryable } from '../db/db.ts';
import { sitePauses, siteResumes } from '../counter/record-pauses.ts';
import { storedDesks } from '../admin/devices.ts';

interface CallRow {
  event_id: string;
  ticket_number: string;
  counter_id: string;
  counter_name: string | null;
  counter_number: number | null;
  called_at: string | Date;
  language: 'vi' | 'en';
  recall: boolean;
}

/** A call with its counter's name and whether the ticket was called before (a recall). */
const CALL_COLUMNS = `b.event_id::text AS event_id, b.ticket_number, b.counter_id, d.name AS counter_name, d.counter_number, b.called_at, b.language,
  EXISTS (SELECT 1 FROM board_calls p WHERE p.registration_id = b.registration_id AND p.called_at < b.called_at) AS recall`;

const toCall = (r: CallRow): BoardCall => ({
  eventId: r.event_id,
  ticketNumber: r.ticket_number,
  counterId: r.counter_id,
  counterName: r.counter_name ?? r.counter_id,
  // The counter's number now (migration 0026, set by the site's manager): where to go is where
  // it stands today. A counter given none is shown by its name ("Quầy 2").
  counterNumber: r.counter_number === null ? null : Number(r.counter_number),
  calledAt: new Date(r.called_at).toISOString(),
  language: r.language,
  recall: Boolean(r.recall),
});

/**
 * A site's call board for today (Ho Chi Minh day): the tickets being served (status `called`)
 * with their latest call, today's latest calls, and the tickets waiting per desk — all from the
 * clear columns and the call projection (migration 0027), never from a sealed state, so nothing
 * here can carry personal data; and the counters on a break (migration 0028), a call made before
 * the break not shown as served there — and those whose break ended, with when (a display weighs
 * both against the breaks the counters relay to it over the site network). Each desk's line carries
 * about how long a ticket taken now would wait (core's `deskWaits`), from the counters that called
 * today and the service times measured today (the statistics projections).
 */
export async function readBoard(db: Queryable, siteId: string, now = new Date()): Promise<CallBoard> {
  const day = hcmDay(now);
  const [current, recent, waiting, paused, resumed, active, served] = await Promise.all([
    db.query<CallRow>(
      `SELECT * FROM (
         SELECT DISTINCT ON (b.registration_id) ${CALL_COLUMNS}
         FROM board_calls b JOIN registrations r ON r.id = b.registration_id LEFT JOIN devices d ON d.id = b.counter_id
         WHERE b.site_id = $1 AND b.day = $2::date AND r.status = 'called'
         ORDER BY b.registration_id, b.called_at DESC
       ) c ORDER BY c.called_at DESC LIMIT 200`,
      [siteId, day],
    ),
    db.query<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM board_calls b LEFT JOIN devices d ON d.id = b.counter_id
       WHERE b.site_id = $1 AND b.day = $2::date ORDER BY b.called_at DESC, b.event_id DESC LIMIT $3`,
      [siteId, day, BOARD_RECENT_CALLS],
    ),
    db.query<{ desk: string; count: number }>(
      `SELECT desk, count(*)::int AS count FROM registrations
       WHERE site_id = $1 AND day = $2::date AND status = 'waiting' AND desk IS NOT NULL GROUP BY desk ORDER BY desk`,
      [siteId, day],
    ),
    sitePauses(db, siteId),
    siteResumes(db, siteId),
    db.query<{ counter_id: string; counter_services: unknown }>(
      `SELECT s.counter_id, d.counter_services FROM (SELECT DISTINCT counter_id FROM queue_staff_stats
         WHERE site_id = $1 AND day = $2::date AND called > 0) s LEFT JOIN devices d ON d.id = s.counter_id`,
      [siteId, day],
    ),
    db.query<{ desk: string; count: number; sum_s: number; sumsq_s: number }>(
      `SELECT desk, SUM(service_count)::int AS count, SUM(service_sum_s) AS sum_s, SUM(service_sumsq_s) AS sumsq_s FROM queue_stats
       WHERE grain = 'day' AND period = $2::date AND site_id = $1 GROUP BY desk`,
      [siteId, day],
    ),
  ]);
  const deskWaiting = onKnownDesk(waiting).map((w) => ({ desk: w.desk, count: Number(w.count) }));
  const waits = deskWaits({
    waiting: deskWaiting,
    activeCounters: active.map((c) => ({ counterId: c.counter_id, services: storedDesks(c.counter_services) })),
    paused: paused.map((p) => p.counterId),
    served: onKnownDesk(served).map((r) => ({
      desk: r.desk,
      count: Number(r.count),
      sumSeconds: Number(r.sum_s),
      sumSquares: Number(r.sumsq_s),
    })),
  });
  return callBoard.parse({
    siteId,
    at: now.toISOString(),
    current: servedNow(current.map(toCall), paused),
    recent: recent.map(toCall),
    waiting: deskWaiting.map((w) => ({ ...w, wait: waits.get(w.desk) ?? null })),
    paused,
    resumed,
  });
}

/** The rows of a desk the waiting room knows, typed as one; any other stored value is left out. */
const onKnownDesk = <R extends { desk: string }>(rows: readonly R[]): (Omit<R, 'desk'> & { desk: DeskService })[] =>
  rows.flatMap((r) => {
    const desk = deskService.safeParse(r.desk);
    return desk.success ? [{ ...r, desk: desk.data }] : [];
  });
