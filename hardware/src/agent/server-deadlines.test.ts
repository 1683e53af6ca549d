import { afterEach, describe, expect, it } from 'vitest';
import { createAgentClient, type AgentClient, type TokenIssueResult } from '@dangky/core/agent';
import { DangkyError } from '@dangky/core/errors';
import { startAgent, type RunningAgent } from './server.ts';
import { ORIGIN, SECRET, wsFrom } from './test-helpers.ts';

/** A request type with its own deadline (token.issue waits for key generation on a real token) while the others keep the short one. */

let agent: RunningAgent | undefined;
let page: AgentClient | undefined;
afterEach(async () => {
  page?.close();
  await agent?.close();
});

const failed: TokenIssueResult = { issued: false, code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify', wiped: true, certificateRevoked: null };
const params = {
  slotId: '00ab',
  tokenSerial: 'a1b2',
  fullName: 'Lê Thị Hoa',
  idNumber: '079099012345',
  province: 'Huế',
  keyType: 'p256',
  userPin: '482915',
} as const;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('agent request deadlines', () => {
  it('token.issue gets its own deadline; a slow token.list still times out at the short one', async () => {
    agent = await startAgent({
      port: 0,
      stationId: 'counter-d',
      origins: [ORIGIN],
      pairingSecret: SECRET,
      devices: [],
      requestTimeoutMs: 100,
      requestTimeoutsMs: { 'token.issue': 2_000 },
      handlers: {
        'token.issue': async () => (await wait(300), failed),
        'token.list': async () => (await wait(300), { slots: [] }),
      },
    });
    page = createAgentClient({ url: agent.url, pairingSecret: SECRET, client: 'test', WebSocketImpl: wsFrom(ORIGIN) });
    expect(await page.request('token.issue', params)).toEqual(failed);
    await expect(page.request('token.list', {})).rejects.toSatisfy(
      (e: unknown) => e instanceof DangkyError && e.code === 'DK_ERR_AGENT_TIMEOUT',
    );
  });
});
