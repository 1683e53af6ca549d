import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { BOARD_MAC_HEADER, type AgentNotification } from '@dangky/core/agent';
import type { BoardCall } from '@dangky/core/queue';
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
const relays: BoardRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.close();
});

async function display(siteId = 'hcm-ben-thanh') {
  const relay = await startBoardRelay({ siteId, key, peers: [], listen: { host: '127.0.0.1', port: 0 } });
  relays.push(relay);
  const heard: AgentNotification[] = [];
  relay.onNotification((n) => heard.push(n));
  return { relay, heard };
}

const notices = (relay: BoardRelay) =>
  relay.handlers['board.notices']!({}, { signal: new AbortController().signal, deadline: new AbortController().signal });
const notify = (relay: BoardRelay, c: BoardCall) =>
  relay.handlers['board.notify']!({ call: c }, { signal: new AbortController().signal, deadline: new AbortController().signal });

describe('the call board relay', () => {
  it("carries a counter's call to the display's page, once, and keeps it for a page that reconnects", async () => {
    const { relay: shown, heard } = await display();
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: [shown.url!] });
    relays.push(counter);
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 1 });
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 1 });
    expect(heard).toEqual([{ type: 'board.notice', call }]);
    expect(await notices(shown)).toEqual({ calls: [call] });
  });

  it('says how many displays it reached when one is down', async () => {
    const counter = await startBoardRelay({ siteId: 'hcm-ben-thanh', key, peers: ['http://127.0.0.1:9'] });
    relays.push(counter);
    expect(await notify(counter, call)).toEqual({ peers: 1, reached: 0 });
  });

  it('takes nothing without the right signature, from another site, or stale', async () => {
    const { relay: shown, heard } = await display();
    const post = (body: string, mac: string | null) =>
      fetch(new URL(BOARD_NOTICE_PATH, shown.url!), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(mac ? { [BOARD_MAC_HEADER]: mac } : {}) },
        body,
      }).then((r) => r.status);
    const body = (siteId: string, sentAt = new Date().toISOString()) => JSON.stringify({ siteId, sentAt, call });
    const good = body('hcm-ben-thanh');
    expect(await post(good, null)).toBe(401);
    expect(await post(good, boardMac(randomBytes(32), good))).toBe(401);
    expect(await post(good.replace('A-012', 'A-013'), boardMac(key, good))).toBe(401);
    const other = body('hcm-book-fair');
    expect(await post(other, boardMac(key, other))).toBe(403);
    const stale = body('hcm-ben-thanh', new Date(Date.now() - 3_600_000).toISOString());
    expect(await post(stale, boardMac(key, stale))).toBe(403);
    expect(await post('{"not":"a notice"}', boardMac(key, '{"not":"a notice"}'))).toBe(400);
    expect(heard).toEqual([]);
    expect(await post(good, boardMac(key, good))).toBe(204);
    expect(heard).toHaveLength(1);
  });

  it('refuses a short key', async () => {
    await expect(startBoardRelay({ siteId: 'hcm-ben-thanh', key: randomBytes(8), peers: [] })).rejects.toThrow(/32 bytes/);
  });
});
