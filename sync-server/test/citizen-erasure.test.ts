import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenDataReport, citizenErasureResult, loginResponse, routes } from '@dangky/core/protocol';
import { build } from '../src/app.ts';
import { fileErasureLedger, replayErasures, type ErasureLedger } from '../src/privacy/erasure-ledger.ts';
import { processServerKeys } from '../src/privacy/server-keys.ts';
import { harness, dbKind, TEST_EVENT_WINDOW, type Harness } from './harness.ts';
import { deviceEvents } from './events.ts';

/**
 * A citizen asks for their data to be erased now. The manager erases the finished registrations
 * they name — an open one is refused, one not of this citizen in the manager's scope is not found —
 * each written to the ledger outside the database before its key is destroyed, so a backup
 * restored later cannot bring the data back: the server replays the ledger before serving.
 */
let h: Harness;
let app: FastifyInstance;
let dir: string;
let ledger: ErasureLedger;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  h = await harness();
  dir = await mkdtemp(join(tmpdir(), 'dangky-erasure-'));
  ledger = fileErasureLedger(join(dir, 'keys', 'erasures.log'));
  app = await build({ db: h.db, erasureLedger: ledger, eventWindow: TEST_EVENT_WINDOW });
  for (const username of ['manager.benthanh', 'clerk.benthanh']) {
    const res = await app.inject({ method: 'POST', url: routes.login, payload: { username, password: 'dangky-demo-2026' } });
    tokens[username] = `Bearer ${loginResponse.parse(res.json()).token}`;
  }
});
afterAll(async () => {
  await app.close();
  await h.close();
  await rm(dir, { recursive: true, force: true });
});

const KIOSK = 'kiosk-hcm-ben-thanh-1';
const COUNTER = 'counter-hcm-ben-thanh-1';
const kiosk = deviceEvents(KIOSK, 900);
const counter = deviceEvents(COUNTER, 900);
const ID_NUMBER = '079190004455';

const erase = (who: string, registrationIds: string[], idNumber = ID_NUMBER) =>
  app.inject({
    method: 'POST',
    url: routes.citizenErasure,
    headers: { authorization: tokens[who]! },
    payload: { idNumber, registrationIds },
  });
const report = async () =>
  citizenDataReport.parse(
    (
      await app.inject({
        method: 'POST',
        url: routes.citizenDataReport,
        headers: { authorization: tokens['manager.benthanh']! },
        payload: { idNumber: ID_NUMBER },
      })
    ).json(),
  );
const erasedOf = async () => Object.fromEntries((await report()).registrations.map((r) => [r.ticket, r.erased]));

let completed: string;
let waiting: string;
let someoneElse: string;
let elsewhere: string;
/** The completed registration's wrapped data key as a backup taken before the erasure holds it. */
let backedUpKey: string;

describe(`erasure on a citizen's request on ${dbKind}`, () => {
  beforeAll(async () => {
    const done = kiosk.submitted({
      siteId: 'hcm-ben-thanh',
      ticket: 'A-901',
      day: '2026-11-20',
      at: '2026-11-20T02:00:00.000Z',
      idNumber: ID_NUMBER,
    });
    const open = kiosk.submitted({
      siteId: 'hcm-ben-thanh',
      ticket: 'A-902',
      day: '2026-11-21',
      at: '2026-11-21T02:00:00.000Z',
      idNumber: ID_NUMBER,
    });
    const other = kiosk.submitted({ siteId: 'hcm-ben-thanh', ticket: 'A-903', day: '2026-11-21', at: '2026-11-21T02:00:00.000Z' });
    expect(await h.push(KIOSK, [done, open, other])).toEqual(['accepted', 'accepted', 'accepted']);
    [completed, waiting, someoneElse] = [done, open, other].map((e) => e.payload.registrationId) as [string, string, string];
    // The same citizen at the book fair: not the Bến Thành manager's to erase.
    const fair = deviceEvents('kiosk-hcm-book-fair-1', 900).submitted({
      siteId: 'hcm-book-fair',
      ticket: 'B-901',
      day: '2026-11-21',
      at: '2026-11-21T02:00:00.000Z',
      idNumber: ID_NUMBER,
    });
    expect(await h.push('kiosk-hcm-book-fair-1', [fair])).toEqual(['accepted']);
    elsewhere = fair.payload.registrationId;
    expect(
      await h.push(COUNTER, [
        counter.called(completed, 'clerk.benthanh', '2026-11-20T02:10:00.000Z'),
        counter.issued(completed, 'clerk.benthanh', '2026-11-20T02:20:00.000Z'),
      ]),
    ).toEqual(['accepted', 'accepted']);
    const [key] = await h.db.query<{ wrapped: string }>('SELECT wrapped FROM registration_keys WHERE registration_id = $1', [completed]);
    backedUpKey = key!.wrapped;
  });

  it('erases a finished registration at once, refuses an open one and answers another citizen’s as not found', async () => {
    const res = await erase('manager.benthanh', [completed, waiting, someoneElse]);
    expect(res.statusCode).toBe(200);
    expect(citizenErasureResult.parse(res.json()).outcomes).toEqual([
      { registrationId: completed, outcome: 'erased' },
      { registrationId: waiting, outcome: 'refused', code: 'DK_ERR_ERASURE_REGISTRATION_OPEN' },
      { registrationId: someoneElse, outcome: 'refused', code: 'DK_ERR_NOT_FOUND' },
    ]);
    expect(await erasedOf()).toEqual({ 'A-901': true, 'A-902': false });
    // Asked again: nothing left to erase, and nothing refused.
    expect(citizenErasureResult.parse((await erase('manager.benthanh', [completed])).json()).outcomes).toEqual([
      { registrationId: completed, outcome: 'already-erased' },
    ]);
  });

  it('writes the erasure to an owner-only ledger and the audit log, never the number', async () => {
    const file = join(dir, 'keys', 'erasures.log');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await ledger.erasedIds()).toEqual([completed]);
    expect(await readFile(file, 'utf8')).not.toContain(ID_NUMBER);
    const [entry] = await h.db.query<{ actor_id: string; detail: string }>(
      "SELECT actor_id, detail::text AS detail FROM audit_log WHERE action = 'citizen.data-erased' ORDER BY seq DESC LIMIT 1",
    );
    expect(entry?.actor_id).toBe('manager.benthanh');
    expect(entry?.detail).toContain(completed);
    expect(entry?.detail).not.toContain(ID_NUMBER);
  });

  it('is for the managers of the citizen’s site: a clerk is refused, another site’s registration is not found', async () => {
    expect((await erase('clerk.benthanh', [waiting])).statusCode).toBe(403);
    expect(citizenErasureResult.parse((await erase('manager.benthanh', [elsewhere])).json()).outcomes).toEqual([
      { registrationId: elsewhere, outcome: 'refused', code: 'DK_ERR_NOT_FOUND' },
    ]);
    expect((await erase('manager.benthanh', [completed], '123')).statusCode).toBe(400);
  });

  it('cannot be undone by restoring a backup: the ledger is replayed and the data is erased again', async () => {
    // A backup taken before the erasure held the wrapped key; restoring it puts the key back.
    const { kekId } = processServerKeys();
    await h.db.query('UPDATE registration_keys SET wrapped = $2, erased_at = NULL WHERE registration_id = $1', [completed, backedUpKey]);
    expect((await erasedOf())['A-901']).toBe(false);

    expect(await replayErasures(h.db, kekId, ledger)).toBe(1);
    expect(await erasedOf()).toEqual({ 'A-901': true, 'A-902': false });
    expect(await replayErasures(h.db, kekId, ledger)).toBe(0);
  });

  it('leaves a tombstone for an erased registration the restored database never knew, so nothing is sealed for it again and a device sending it is refused per event', async () => {
    const late = kiosk.submitted({
      siteId: 'hcm-ben-thanh',
      ticket: 'A-904',
      day: '2026-11-22',
      at: '2026-11-22T02:00:00.000Z',
      idNumber: ID_NUMBER,
    });
    const id = late.payload.registrationId;
    await ledger.record([id], new Date('2026-11-23T00:00:00.000Z'));
    expect(await replayErasures(h.db, processServerKeys().kekId, ledger)).toBe(1);
    expect(await h.push(KIOSK, [late])).toEqual(['DK_ERR_PERSONAL_DATA_ERASED']);
  });
});
