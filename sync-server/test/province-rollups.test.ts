import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { writeAsOne } from '../src/db/one-statement.ts';
import type { CountDelta } from '../src/ingest/counts.ts';
import { rollupStatements } from '../src/ingest/steps/write-rollups.ts';
import { dbKind, freshDb } from './harness.ts';

const delta = (siteId: string, submitted: number): CountDelta => ({
  day: '2026-03-02',
  siteId,
  service: 'digital-signature',
  channel: 'usb-token',
  providerId: 'p',
  operatorId: '',
  submitted,
  completed: 0,
  cancelled: 0,
  eidApproved: 0,
  eidRefused: 0,
});

/**
 * A push's rows are of its own site, and the province's rows find that site's province by key;
 * rows of several sites (which no push makes today) still add up in each site's province.
 */
describe(`the province rollups' look-up of each row's province (${dbKind})`, () => {
  let db: Db;
  let provinces: [string, string];
  beforeAll(async () => {
    db = await freshDb('seeded');
    const rows = await db.query<{ province_code: string }>('SELECT DISTINCT province_code FROM admin_units ORDER BY province_code LIMIT 2');
    provinces = [rows[0]!.province_code, rows[1]!.province_code];
    await db.query(
      `INSERT INTO sites (id, name, kind, province_code) VALUES ('roll-a', 'A', 'office', $1), ('roll-b', 'B', 'office', $2), ('roll-c', 'C', 'office', $1)`,
      provinces,
    );
  });
  afterAll(() => db.close());

  const provinceCounts = async () =>
    Object.fromEntries(
      (
        await db.query<{ province_code: string; grain: string; submitted: number }>(
          `SELECT province_code, grain, submitted FROM province_counts WHERE provider_id = 'p' ORDER BY province_code, grain`,
        )
      ).map((r) => [`${r.province_code}/${r.grain}`, Number(r.submitted)]),
    );

  it("looks one site's province up by key", async () => {
    const statements = rollupStatements([delta('roll-a', 2), delta('roll-a', 1)]);
    expect(statements[1]!.text).toMatch(/FROM sites WHERE id = \$12\)/);
    await writeAsOne(db, statements);
    expect(await provinceCounts()).toEqual({ [`${provinces[0]}/day`]: 3, [`${provinces[0]}/month`]: 3 });
  });

  it("adds rows of several sites each to its own site's province", async () => {
    await writeAsOne(db, rollupStatements([delta('roll-b', 5), delta('roll-c', 4), delta('roll-a', 1)]));
    expect(await provinceCounts()).toEqual({
      [`${provinces[0]}/day`]: 8,
      [`${provinces[0]}/month`]: 8,
      [`${provinces[1]}/day`]: 5,
      [`${provinces[1]}/month`]: 5,
    });
  });
});
