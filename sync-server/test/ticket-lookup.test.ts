import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { takenTickets } from '../src/ingest/gates/ticket-free.ts';
import { dbKind, freshDb } from './harness.ts';

/** Blocks a plan node and its children read, from EXPLAIN's JSON. */
const blocks = (node: Record<string, unknown>): number => Number(node['Shared Hit Blocks'] ?? 0) + Number(node['Shared Read Blocks'] ?? 0);

/**
 * Every kiosk push asks whether its tickets are taken. A busy site gives tens of thousands of
 * tickets a year, and the look-up must read the few it asks about, not the site's history.
 */
describe(`a push's ticket look-up at a site with a long history (${dbKind})`, () => {
  let db: Db;
  const site = 'hcm-ben-thanh';
  beforeAll(async () => {
    db = await freshDb('seeded');
    // 20,000 tickets over 200 past days, 100 a day.
    await db.exec(`INSERT INTO registrations (id, site_id, day, ticket_number, status, state, change_seq)
      SELECT gen_random_uuid(), '${site}', DATE '2026-01-01' + (g / 100), 'A-' || lpad((g % 100 + 1)::text, 4, '0'), 'completed', '{}'::jsonb, g
      FROM generate_series(0, 19999) g;
      ANALYZE registrations`);
  });
  afterAll(() => db.close());

  it('finds the taken ones among the asked, reading a handful of blocks', async () => {
    const read = takenTickets(site, [
      { day: '2026-03-01', number: 'A-0007' },
      { day: '2026-03-01', number: 'A-0420' },
      { day: '2027-01-01', number: 'A-0007' },
    ]);
    const rows = await db.query<{ t: string }>(read.text, read.params);
    expect(rows.map((r) => r.t)).toEqual(['2026-03-01|A-0007']);
    const [plan] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${read.text}`, read.params);
    const json = plan!['QUERY PLAN'];
    const top = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: Record<string, unknown> }[];
    // The site's history spans hundreds of blocks; a keyed look-up reads a few index pages and one heap page.
    expect(blocks(top[0]!.Plan)).toBeLessThan(12);
  });
});
