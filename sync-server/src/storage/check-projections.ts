import type { Queryable } from '../db/db.ts';

/**
 * Cheap checks of the projections against the events they are folded from, run at start: every
 * submitted registration has its projection row, and every projection row of a registration
 * submitted since the oldest event still stored has its events. Months of events may be archived
 * (detached, `docs/deploy.md`), so registrations older than the oldest stored event (and a month
 * of margin) are not asked for theirs. A table cut short on either side shows here even when no
 * page is unreadable. Findings give counts, never values.
 */
export async function checkProjections(q: Queryable): Promise<string[]> {
  const findings: string[] = [];
  const [lost] = await q.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT registration_id FROM events WHERE type = 'registration.submitted') e
     WHERE NOT EXISTS (SELECT 1 FROM registrations r WHERE r.id = e.registration_id)`,
  );
  if (Number(lost?.n) > 0) findings.push(`registrations: ${lost?.n} submitted registrations have no projection row`);
  const [orphans] = await q.query<{ n: number | string }>(
    `SELECT count(*) AS n FROM registrations r
     WHERE r.day > (SELECT (min(occurred_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 31 FROM events)
       AND NOT EXISTS (SELECT 1 FROM events e WHERE e.registration_id = r.id)`,
  );
  if (Number(orphans?.n) > 0) findings.push(`events: ${orphans?.n} registrations have no events`);
  const [noEvents] = await q.query<{ r: boolean; e: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM registrations) AS r, EXISTS (SELECT 1 FROM events) AS e',
  );
  if (noEvents?.r && !noEvents.e) findings.push('events: the table is empty while registrations are not');
  return findings;
}
