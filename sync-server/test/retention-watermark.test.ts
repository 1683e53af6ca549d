import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Queryable } from '../src/db/db.ts';
import { SHRED_ALL, SHRED_SINCE, shredExpired } from '../src/privacy/retention.ts';
import { dbKind, freshDb, harness, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * The retention job after its first run: each run stores where it stopped (`retention_watermark`)
 * and the next reads only what became due since — finished between the two runs' cutoffs, or
 * never finished with a day between them — and what was written since, checked against the whole
 * rule. Nothing due is missed for that: not a registration finished late with an earlier time,
 * not one whose held events were replayed, not after the period changed, not when two servers
 * run the job at once.
 */
const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const CLERK = 'clerk.benthanh';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const policy = { completedDays: 90, cancelledDays: 30 };
/** 2026-08-01 in Ho Chi Minh City (UTC+7) at `hh`:00. */
const day = '2026-08-01';
const hcm = (hh: number) => new Date(Date.UTC(2026, 7, 1, hh - 7));

let h: Harness;
let seq = 700;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.close());

async function submitted(ticket: string, at: Date, kiosk = deviceEvents(KIOSK, (seq += 10))) {
  return kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket, day, at: at.toISOString() });
}

async function registered(ticket: string, at = hcm(8)): Promise<string> {
  const event = await submitted(ticket, at);
  expect(await h.push(KIOSK, [event])).toEqual(['accepted']);
  return event.payload.registrationId;
}

async function erased(id: string): Promise<boolean> {
  const [key] = await h.db.query<{ gone: boolean }>('SELECT wrapped IS NULL AS gone FROM registration_keys WHERE registration_id = $1', [
    id,
  ]);
  return key!.gone;
}

describe(`retention after its first run, on ${dbKind}`, () => {
  it('stores where it stopped, and the next run finds what became due since by time: completed, and never finished', async () => {
    const counter = deviceEvents(COUNTER, (seq += 10));
    const completed = await registered('A-701');
    expect(
      await h.push(COUNTER, [
        counter.called(completed, CLERK, hcm(9).toISOString()),
        counter.issued(completed, CLERK, hcm(10).toISOString()),
      ]),
    ).toEqual(['accepted', 'accepted']);
    const waiting = await registered('A-702');
    const finished = hcm(10).getTime();

    // 30 days on, at noon: neither is due (the one never served: its day is not yet 30 days old).
    const first = new Date(finished + 30 * DAY_MS + 2 * HOUR_MS);
    expect(await shredExpired(h.db, policy, first)).toBe(0);
    const [mark] = await h.db.query<{ completed_before: Date; cancelled_before: Date; change_seq: string; written: string }>(
      `SELECT completed_before, cancelled_before, change_seq::text AS change_seq,
              (SELECT max(change_seq) FROM registrations)::text AS written
       FROM retention_watermark`,
    );
    expect([new Date(mark!.completed_before).getTime(), new Date(mark!.cancelled_before).getTime(), mark!.change_seq]).toEqual([
      first.getTime() - 90 * DAY_MS,
      first.getTime() - 30 * DAY_MS,
      mark!.written,
    ]);

    // The next day: the one never served is due (its day is now past 30 days), not the completed one.
    expect(await shredExpired(h.db, policy, new Date(finished + 31 * DAY_MS))).toBe(1);
    expect([await erased(waiting), await erased(completed)]).toEqual([true, false]);
    // 90 days after it was completed and an hour: the completed one.
    expect(await shredExpired(h.db, policy, new Date(finished + 90 * DAY_MS + HOUR_MS))).toBe(1);
    expect(await erased(completed)).toBe(true);
    expect(await shredExpired(h.db, policy, new Date(finished + 90 * DAY_MS + 2 * HOUR_MS))).toBe(0);
  });

  it('finds a registration cancelled late, with a time before the last run’s cutoff, and one whose held events were replayed', async () => {
    const counter = deviceEvents(COUNTER, (seq += 10));
    const late = await registered('A-711');
    // Served offline from its sealed ticket: the counter's events come before the submission.
    const offline = await submitted('A-712', hcm(8));
    const offlineId = offline.payload.registrationId;

    // 30 days on at noon: neither is due (one waiting, its day not 30 days old; the other unknown).
    const first = new Date(hcm(12).getTime() + 30 * DAY_MS);
    await shredExpired(h.db, policy, first);
    expect(await erased(late)).toBe(false);

    // Then the counter syncs: both were cancelled at 10:00, before the run's cutoff (12:00).
    expect(await h.push(COUNTER, [counter.cancelled(late, CLERK, hcm(10).toISOString())])).toEqual(['accepted']);
    await h.push(COUNTER, [counter.cancelled(offlineId, CLERK, hcm(10).toISOString())]);
    expect(await h.push(KIOSK, [offline])).toEqual(['accepted']);
    const [row] = await h.db.query<{ status: string }>('SELECT status FROM registrations WHERE id = $1', [offlineId]);
    expect(row!.status).toBe('cancelled');

    // An hour later: by time, only what finished between 12:00 and 13:00 would be new; both are found.
    expect(await shredExpired(h.db, policy, new Date(first.getTime() + HOUR_MS))).toBe(2);
    expect([await erased(late), await erased(offlineId)]).toEqual([true, true]);
  });

  it('misses nothing when the periods change: shortened, then lengthened past what a run had reached', async () => {
    const counter = deviceEvents(COUNTER, (seq += 10));
    const done = await registered('A-721');
    expect(
      await h.push(COUNTER, [counter.called(done, CLERK, hcm(9).toISOString()), counter.issued(done, CLERK, hcm(10).toISOString())]),
    ).toEqual(['accepted', 'accepted']);
    const finished = hcm(10).getTime();
    await shredExpired(h.db, policy, new Date(finished + 40 * DAY_MS));
    expect(await erased(done)).toBe(false);
    // Shortened to 30 days: due at once.
    expect(await shredExpired(h.db, { ...policy, completedDays: 30 }, new Date(finished + 40 * DAY_MS + HOUR_MS))).toBe(1);

    // Lengthened: a run under 30 days reached a cutoff 20 days after this one finished; then the
    // period became 90 days, and this one was recorded (late) only after that run.
    const later = deviceEvents(COUNTER, (seq += 10));
    const other = await registered('A-722');
    // (Never-finished ones kept 60 days then, so this one, still waiting, is not erased as such.)
    await shredExpired(h.db, { completedDays: 30, cancelledDays: 60 }, new Date(finished + 50 * DAY_MS));
    expect(
      await h.push(COUNTER, [later.called(other, CLERK, hcm(9).toISOString()), later.issued(other, CLERK, hcm(10).toISOString())]),
    ).toEqual(['accepted', 'accepted']);
    // Under 90 days it is not due yet (50 days on)…
    expect(await shredExpired(h.db, policy, new Date(finished + 50 * DAY_MS + HOUR_MS))).toBe(0);
    expect(await erased(other)).toBe(false);
    // …and it is once 90 days have passed, though an earlier run had reached past its time.
    expect(await shredExpired(h.db, policy, new Date(finished + 90 * DAY_MS + HOUR_MS))).toBe(1);
    expect(await erased(other)).toBe(true);
  });

  it('two servers running it at once erase each due key once, and nothing is left', async () => {
    const ids = [await registered('A-731'), await registered('A-732'), await registered('A-733')];
    const now = new Date(hcm(8).getTime() + 40 * DAY_MS);
    const [a, b] = await Promise.all([shredExpired(h.db, policy, now), shredExpired(h.db, policy, now)]);
    expect(a + b).toBe(3);
    expect(await Promise.all(ids.map(erased))).toEqual([true, true, true]);
    expect(await shredExpired(h.db, policy, now)).toBe(0);
  });

  it('starts from an empty watermark (as migration 0030 leaves a database), so the first run reads every registration', async () => {
    const [mark] = await h.db.query<Record<string, unknown>>(
      'SELECT completed_before, cancelled_before, change_seq FROM retention_watermark',
    );
    expect(mark).toEqual({ completed_before: null, cancelled_before: null, change_seq: null });
    const id = await registered('A-741');
    expect(await shredExpired(h.db, policy, new Date(hcm(8).getTime() + 400 * DAY_MS))).toBe(1);
    expect(await erased(id)).toBe(true);
  });
});

/** Every `Seq Scan` node's table in a JSON plan. */
function seqScanned(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap(seqScanned);
  if (plan === null || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const own = node['Node Type'] === 'Seq Scan' ? [String(node['Relation Name'])] : [];
  return [...own, ...Object.values(node).flatMap(seqScanned)];
}

async function planOf(q: Queryable, sql: string, params: unknown[]): Promise<unknown> {
  const rows = await q.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const cell = Object.values(rows[0]!)[0];
  return typeof cell === 'string' ? JSON.parse(cell) : cell;
}

describe(`retention's plans on ${dbKind}`, () => {
  it('a run after the first reads registrations through indexes only; the first reads the table', async () => {
    const db = await freshDb('migrated');
    try {
      for (let s = 0; s < 20; s++)
        await db.query(`INSERT INTO sites (id, name, kind, province_code) VALUES ($1, 'Điểm', 'office', '79')`, [`plan-site-${s}`]);
      // 40,000 registrations over 200 days, a third each completed, cancelled and never finished.
      await db.query(
        `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq, finished_at)
         SELECT md5('r' || g)::uuid, 'plan-site-' || (g % 20), date '2026-12-07' - (g % 200), 'A-' || g,
                (ARRAY['completed', 'cancelled', 'called'])[g % 3 + 1], '{}'::jsonb, nextval('registration_change_seq'),
                CASE WHEN g % 3 < 2 THEN timestamptz '2026-12-07 03:00Z' - (g % 200) * interval '1 day' END
         FROM generate_series(1, 40000) AS g`,
      );
      await db.query('ANALYZE registrations');
      await db.query('ANALYZE sites');
      const now = new Date('2026-12-07T03:00:00Z');
      const cut = (days: number, at = now) => new Date(at.getTime() - days * DAY_MS).toISOString();
      const [written] = await db.query<{ n: string }>('SELECT max(change_seq)::text AS n FROM registrations');
      const hourLater = new Date(now.getTime() + HOUR_MS);
      const since = await planOf(db, SHRED_SINCE, [
        cut(90, hourLater),
        cut(30, hourLater),
        hourLater.toISOString(),
        cut(90),
        cut(30),
        written!.n,
      ]);
      expect(seqScanned(since)).not.toContain('registrations');
      const all = await planOf(db, SHRED_ALL, [cut(90), cut(30), now.toISOString()]);
      expect(seqScanned(all)).toContain('registrations');
    } finally {
      await db.close();
    }
  });
});
