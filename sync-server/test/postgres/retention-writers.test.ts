/**
 * What only PostgreSQL has: a push writing registrations while the retention job runs, on
 * another connection. The job stores the highest change_seq it has looked at; a push that drew
 * a change_seq but had not committed when the job looked must not be skipped for good. (This file
 * runs in the PostgreSQL project only; PGlite has one connection, so no writer is ever in flight.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Queryable } from '../../src/db/db.ts';
import { shredExpired } from '../../src/privacy/retention.ts';
import { freshDb } from '../harness.ts';

const DAY_MS = 86_400_000;
const policy = { completedDays: 90, cancelledDays: 30 };
const now = new Date('2026-12-07T03:00:00Z');
const hoursLater = (n: number) => new Date(now.getTime() + n * 3_600_000);

let db: Db;
beforeEach(async () => {
  db = await freshDb('migrated');
  await db.query(`INSERT INTO sites (id, name, kind, province_code) VALUES ('w-site', 'Điểm', 'office', '79')`);
});
afterEach(() => db.close());

/** A registration cancelled 40 days before `now` (due), with its data key, as the push writes it. */
async function writeCancelled(tx: Queryable, ticket: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq, finished_at)
     VALUES (gen_random_uuid(), 'w-site', $1::date, $2, 'cancelled', '{}'::jsonb, nextval('registration_change_seq'), $3::timestamptz)
     RETURNING id::text AS id`,
    [new Date(now.getTime() - 40 * DAY_MS).toISOString().slice(0, 10), ticket, new Date(now.getTime() - 40 * DAY_MS).toISOString()],
  );
  await tx.query(`INSERT INTO registration_keys (registration_id, kek_id, wrapped) VALUES ($1, 'kek-1', 'wrapped-key')`, [row!.id]);
  return row!.id;
}

async function erased(id: string): Promise<boolean> {
  const [key] = await db.query<{ gone: boolean }>('SELECT wrapped IS NULL AS gone FROM registration_keys WHERE registration_id = $1', [id]);
  return key!.gone;
}

/** A push's transaction that has written `ticket` and commits when `commit` is called. */
function pushInFlight(ticket: string) {
  let commit!: () => void;
  const committed = new Promise<void>((resolve) => (commit = resolve));
  let wrote!: (id: string) => void;
  const written = new Promise<string>((resolve) => (wrote = resolve));
  const done = db.transaction(async (tx) => {
    wrote(await writeCancelled(tx, ticket));
    await committed;
  });
  return { written, commit, done };
}

describe('retention while pushes write registrations, on postgres', () => {
  it('waits for a push in flight, then finds what it wrote', async () => {
    await shredExpired(db, policy, now);
    const push = pushInFlight('A-1');
    const id = await push.written;
    const run = shredExpired(db, policy, hoursLater(1));
    setTimeout(push.commit, 300);
    await push.done;
    expect(await run).toBe(1);
    expect(await erased(id)).toBe(true);
  });

  it('a push holding the table past the wait: that run keeps the last change_seq, and the next run finds it', async () => {
    await shredExpired(db, policy, now);
    const [before] = await db.query<{ n: string }>('SELECT change_seq::text AS n FROM retention_watermark');
    const push = pushInFlight('A-2');
    const id = await push.written;
    expect(await shredExpired(db, policy, hoursLater(1))).toBe(0);
    const [after] = await db.query<{ n: string }>('SELECT change_seq::text AS n FROM retention_watermark');
    expect(after!.n).toBe(before!.n);
    push.commit();
    await push.done;
    expect(await shredExpired(db, policy, hoursLater(2))).toBe(1);
    expect(await erased(id)).toBe(true);
  });
});
