import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_MAC_HEADER, type AgentNotification } from '@dangky/core/agent';
import type { BoardCall, BoardPauseChange } from '@dangky/core/queue';
import { BOARD_NOTICE_PATH, boardMac, startBoardRelay, type BoardRelay } from './board-relay.ts';

/**
 * The call board's way around the server: a counter station's agent posts its call to the
 * site's display agent over the site network, signed with the site's board key; the display
 * agent pushes it to its page and keeps it for a page that reconnects — and takes nothing from a
 * station without the key, for another site, or stale.
 */
const key = randomBytes(32);
const call: BoardCall = {
  eventId: '0193a1b2-0000-7000-8000-000000000001',
  ticketNumber: 'A-012',
  counterId: 'counter-hcm-ben-thanh-1',
  counterName: 'Quầy 2',
  counterNumber: 2,
  calledAt: new Date().toISOString(),
  language: 'vi',
  recall: false,
};
const pause: BoardPauseChange = {
  changeId: '0193a1b2-0000-7000-8000-00000000000a',
  counterId: 'counter-hcm-ben-thanh-1',
  counterName: 'Quầy 1',
  counterNumber: 1,
  paused: true,
  at: new Date().toISOString(),
};
const resume: BoardPauseChange = { ...pause, changeId: '0193a1b2-0000-7000-8000-00000000000b', paused: false };
const relays: BoardRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});

async function display(siteId = 'hcm-ben-thanh', port = 0) {
  const relay = await startBoardRelay({ siteId, key, peers: [], listen: { host: '127.0.0.1', port } });
  relays.push(relay);
  const heard: AgentNotification[] = [];
  relay.onNotification((n) => heard.push(n));
  return { relay, heard };
}

/** A port nothing listens on now: a display agent that is down. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const notices = (relay: BoardRelay) =>
  relay.handlers['board.notices']!({}, { signal: new AbortController().signal, deadline: new AbortController().signal });
const notify = (relay: BoardRelay, c: BoardCall) =>
  relay.handlers['board.notify']!({ call: c }, { signal: new AbortController().signal, deadline: new AbortController().signal });

const notifyPause = (relay: BoardRelay, p: BoardPauseChange) =>
  relay.handlers['board.notify-pause']!({ pause: p }, { signal: new AbortController().signal, deadline: new AbortController().signal });

/** Posts a body to a display agent as another agent would, with the signature given (or none). */
const poster = (shown: BoardRelay) => (body: string, mac: string | null) =>
  fetch(new URL(BOARD_NOTICE_PATH, shown.url!), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(mac ? { [BOARD_MAC_HEADER]: mac } : {}) },
    body,
  }).then((r) => r.status);

/** Unsigned, signed with another key, altered after signing (`tampered`, under the good body's signature), another site's, stale: refused. */
async function expectRefused(
  post: ReturnType<typeof poster>,
  body: (siteId: string, sentAt?: string) => string,
  tampered: string,
): Promise<void> {
  const good = body('hcm-ben-thanh');
  expect(await post(good, null)).toBe(401);
  expect(await post(good, boardMac(randomBytes(32), good))).toBe(401);
  expect(await post(tampered, boardMac(key, good))).toBe(401);
  const other = body('hcm-book-fair');
  expect(await post(other, boardMac(key, other))).toBe(403);
  const stale = body('hcm-ben-thanh', new Date(Date.now() - 3_600_000).toISOString());
  expect(await post(stale, boardMac(key, stale))).toBe(403);
}

describe('the call board relay', () => {
  it("carries a counter's call to the display's page, once, and keeps it for a page that reconnects", async () => {
    const { relay: shown, heard } = await display();
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: [shown.url!] });
    relays.push(counter);
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 1 });
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 1 });
    expect(heard).toEqual([{ type: 'board.notice', call }]);
    expect(await notices(shown)).toEqual({ calls: [call], pauses: [] });
  });

  it('says how many displays it reached when one is down', async () => {
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: ['http://127.0.0.1:9'] });
    relays.push(counter);
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 0 });
  });

  it('gives a display agent that was down what it missed, in order, once it is back', async () => {
    const port = await freePort();
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: [`http://127.0.0.1:${port}`], retryEveryMs: 50 });
    relays.push(counter);
    const later = { ...call, eventId: '0193a1b2-0000-7000-8000-000000000002', ticketNumber: 'A-013' };
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 0 });
    expect(await notifyPause(counter, pause)).toEqual({ peers: 1, reached: 0 });
    expect(await notify(counter, later)).toEqual({ peers: 1, reached: 0 });
    const { relay: shown, heard } = await display('hcm-ben-thanh', port);
    await expect.poll(() => heard.length, { timeout: 5_000 }).toBe(3);
    expect(heard).toEqual([
      { type: 'board.notice', call },
      { type: 'board.pause', pause },
      { type: 'board.notice', call: later },
    ]);
    // Delivered once: nothing more arrives in the rounds after.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toHaveLength(3);
    expect((await notices(shown)).calls).toEqual([call, later]);
  });

  it('owes a call only while a display still announces it, and a break only its latest change', async () => {
    const port = await freePort();
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: [`http://127.0.0.1:${port}`], retryEveryMs: 50 });
    relays.push(counter);
    const old = { ...call, eventId: '0193a1b2-0000-7000-8000-000000000003', calledAt: new Date(Date.now() - 3 * 60_000).toISOString() };
    await notify(counter, old);
    await notifyPause(counter, pause);
    await notifyPause(counter, resume);
    const { heard } = await display('hcm-ben-thanh', port);
    await expect.poll(() => heard.length, { timeout: 5_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([{ type: 'board.pause', pause: resume }]);
  });

  it('takes nothing without the right signature, from another site, or stale', async () => {
    const { relay: shown, heard } = await display();
    const post = poster(shown);
    // As an agent older than the envelope's kind and version sends it: still a call.
    const body = (siteId: string, sentAt = new Date().toISOString()) => JSON.stringify({ siteId, sentAt, call });
    const good = body('hcm-ben-thanh');
    await expectRefused(post, body, good.replace('A-012', 'A-013'));
    expect(await post('{"not":"a notice"}', boardMac(key, '{"not":"a notice"}'))).toBe(400);
    expect(heard).toEqual([]);
    expect(await post(good, boardMac(key, good))).toBe(204);
    expect(heard).toHaveLength(1);
  });

  it("carries a counter's break and its end to the display's page, keeping the counter's latest change only", async () => {
    const { relay: shown, heard } = await display();
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: [shown.url!] });
    relays.push(counter);
    expect(await notifyPause(counter, pause)).toEqual({ peers: 1, reached: 1 });
    expect(heard).toEqual([{ type: 'board.pause', pause }]);
    expect(await notices(shown)).toEqual({ calls: [], pauses: [pause] });
    expect(await notifyPause(counter, resume)).toEqual({ peers: 1, reached: 1 });
    expect(await notices(shown)).toEqual({ calls: [], pauses: [resume] });
    // A replay of the break (within the clock window) neither undoes its end nor is pushed again.
    expect(await notifyPause(counter, pause)).toEqual({ peers: 1, reached: 1 });
    expect(await notifyPause(counter, resume)).toEqual({ peers: 1, reached: 1 });
    expect(heard).toEqual([
      { type: 'board.pause', pause },
      { type: 'board.pause', pause: resume },
    ]);
    expect(await notices(shown)).toEqual({ calls: [], pauses: [resume] });
  });

  it('takes no break change without the right signature, from another site, stale, of another day, or unknown', async () => {
    const { relay: shown, heard } = await display();
    const post = poster(shown);
    const body = (siteId: string, sentAt = new Date().toISOString(), extra: object = {}) =>
      JSON.stringify({ kind: 'pause', v: 1, siteId, sentAt, pause, ...extra });
    const good = body('hcm-ben-thanh');
    // Tampered: a resume made of the signed pause.
    await expectRefused(post, body, good.replace('"paused":true', '"paused":false'));
    const yesterday = body('hcm-ben-thanh', undefined, { pause: { ...pause, at: new Date(Date.now() - 86_400_000).toISOString() } });
    expect(await post(yesterday, boardMac(key, yesterday))).toBe(403);
    const ahead = body('hcm-ben-thanh', undefined, { pause: { ...pause, at: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(await post(ahead, boardMac(key, ahead))).toBe(403);
    const unknown = body('hcm-ben-thanh', undefined, { v: 2 });
    expect(await post(unknown, boardMac(key, unknown))).toBe(400);
    const unknownKind = body('hcm-ben-thanh', undefined, { kind: 'break' });
    expect(await post(unknownKind, boardMac(key, unknownKind))).toBe(400);
    expect(heard).toEqual([]);
    expect(await notices(shown)).toEqual({ calls: [], pauses: [] });
    expect(await post(good, boardMac(key, good))).toBe(204);
    expect(heard).toEqual([{ type: 'board.pause', pause }]);
  });

  it('refuses a short key', async () => {
    await expect(startBoardRelay({ siteId: 'hcm-ben-thanh', key: randomBytes(8), peers: [] })).rejects.toThrow(/32 bytes/);
  });
});
