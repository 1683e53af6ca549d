import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/db.ts';
import { CONTACT_EVERY_MS, recordDeviceContact } from '../src/ingest/device-contact.ts';
import { authenticateDevice } from '../src/auth/device-auth.ts';
import { sha256 } from '../src/auth/secrets.ts';
import { dbKind, freshDb } from './harness.ts';

/**
 * A device's bare contact (a pull or a reference read with no report) is written at most every
 * two minutes, and not even asked for when its sign-in already showed a recent one: every device
 * syncs every 30 s, and each write costs the database a commit. The fleet page still sees a
 * contact well within the ten minutes after which it calls a device silent.
 */
let db: Db;
const SECRET = 'contact-test-secret-0001';
const header = `Device kiosk-contact-1:${SECRET}`;

beforeAll(async () => {
  db = await freshDb();
  await db.query("INSERT INTO sites (id, name, kind, province_code) VALUES ('site-contact', 'Điểm thử', 'office', '79')");
  await db.query(
    "INSERT INTO devices (id, site_id, kind, ticket_prefix, secret_sha256) VALUES ('kiosk-contact-1', 'site-contact', 'kiosk', 'A', $1)",
    [sha256(SECRET)],
  );
});
afterAll(() => db.close());

const stored = async () =>
  (await db.query<{ at: string | Date }>("SELECT last_contact_at AS at FROM device_reports WHERE device_id = 'kiosk-contact-1'")).map((r) =>
    new Date(r.at).toISOString(),
  );

describe(`a device's bare contact on ${dbKind}`, () => {
  it('is written once, then not again until two minutes have passed, and the sign-in carries it', async () => {
    const t0 = new Date('2026-12-07T08:00:00.000Z');
    const first = await authenticateDevice(db, header);
    expect(first.lastContactAt).toBeNull();
    await recordDeviceContact(db, first, undefined, t0);
    expect(await stored()).toEqual([t0.toISOString()]);

    const signedIn = await authenticateDevice(db, header);
    expect(signedIn.lastContactAt).toBe(t0.toISOString());
    // 30 s and then just under two minutes later: nothing written.
    await recordDeviceContact(db, signedIn, undefined, new Date(t0.getTime() + 30_000));
    await recordDeviceContact(db, signedIn, undefined, new Date(t0.getTime() + CONTACT_EVERY_MS - 1));
    expect(await stored()).toEqual([t0.toISOString()]);
    // Even a caller that did not read the last contact writes nothing within the two minutes.
    await recordDeviceContact(db, { id: 'kiosk-contact-1' }, undefined, new Date(t0.getTime() + 60_000));
    expect(await stored()).toEqual([t0.toISOString()]);

    const later = new Date(t0.getTime() + CONTACT_EVERY_MS + 1_000);
    await recordDeviceContact(db, signedIn, undefined, later);
    expect(await stored()).toEqual([later.toISOString()]);
  });
});
