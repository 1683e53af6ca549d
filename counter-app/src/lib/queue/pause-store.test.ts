import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '@dangky/core/events';
import type { CounterPausesRequest } from '@dangky/core/queue';
import { CounterDb } from '../db/counter-db.ts';
import { flushPauses, keepPauseChange, readPause } from './pause-store.ts';

const device = { server: 'http://server.test', deviceId: 'counter-hcm-ben-thanh-1', deviceSecret: 's'.repeat(32) };
const change = (paused: boolean, minute: number) => ({
  id: uuidv7(),
  counterId: device.deviceId,
  operatorId: 'clerk.benthanh',
  paused,
  at: `2026-12-07T02:${String(minute).padStart(2, '0')}:00.000Z`,
});

/** A server that answers each change by a rule and holds the counter's break as it accepts them. */
function fakeServer(answer: (c: CounterPausesRequest['changes'][number]) => 'accepted' | 'DK_ERR_COUNTER_ALREADY_PAUSED') {
  const posted: CounterPausesRequest[] = [];
  let pause: { since: string; operatorId: string } | null = null;
  const fetchFn: typeof fetch = async (_url, init) => {
    const body = JSON.parse(String(init?.body)) as CounterPausesRequest;
    posted.push(body);
    const results = body.changes.map((c) => {
      const a = answer(c);
      if (a !== 'accepted') return { id: c.id, status: 'rejected', code: a, message: a };
      pause = c.paused ? { since: c.at, operatorId: c.operatorId } : null;
      return { id: c.id, status: 'accepted' };
    });
    return new Response(JSON.stringify({ results, pause }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetchFn, posted };
}

let db: CounterDb;
beforeEach(async () => {
  db = new CounterDb(`pause-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe("the counter's break on the device", () => {
  it('is the counter’s at once and across a reload, and waits for the server when it cannot be reached', async () => {
    const pause = change(true, 0);
    expect(await keepPauseChange(db, pause)).toEqual({ since: pause.at, operatorId: 'clerk.benthanh' });
    // A reload: another connection to the same database reads it back.
    const reopened = new CounterDb(db.name);
    expect(await readPause(reopened)).toEqual({
      pause: { since: pause.at, operatorId: 'clerk.benthanh' },
      pending: [pause],
      refused: null,
    });
    reopened.close();
    const offline: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(flushPauses(db, device, { fetch: offline })).rejects.toMatchObject({ code: 'DK_ERR_NETWORK' });
    expect((await readPause(db)).pending).toEqual([pause]);
  });

  it('posts the changes oldest first, once, and forgets them once answered', async () => {
    const server = fakeServer(() => 'accepted');
    const [pause, resume] = [change(true, 0), change(false, 10)];
    await keepPauseChange(db, pause);
    await keepPauseChange(db, resume);
    await flushPauses(db, device, { fetch: server.fetchFn });
    expect(server.posted.map((p) => p.changes.map((c) => c.id))).toEqual([[pause.id, resume.id]]);
    expect(await readPause(db)).toEqual({ pause: null, pending: [], refused: null });
    await flushPauses(db, device, { fetch: server.fetchFn });
    expect(server.posted).toHaveLength(1);
  });

  it('takes the server’s state and keeps its refusal when it refused a change', async () => {
    const server = fakeServer(() => 'DK_ERR_COUNTER_ALREADY_PAUSED');
    await keepPauseChange(db, change(true, 0));
    await flushPauses(db, device, { fetch: server.fetchFn });
    expect(await readPause(db)).toEqual({ pause: null, pending: [], refused: 'DK_ERR_COUNTER_ALREADY_PAUSED' });
  });
});
