import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentReply, agentRequests } from '@dangky/core/agent';
import { startAgent, type RunningAgent } from './server.ts';
import { ORIGIN, SECRET, rawSocket } from './test-helpers.ts';

/**
 * Whatever a paired page sends, the agent either answers with one protocol reply or closes the
 * socket with 4400, and keeps serving everyone else.
 */

let agent: RunningAgent;
beforeAll(async () => {
  agent = await startAgent({ port: 0, stationId: 'kiosk-1', origins: [ORIGIN], pairingSecret: SECRET, devices: [] });
});
afterAll(() => agent.close());

const requestTypes = [...Object.keys(agentRequests), 'printer.nope', '', '__proto__', 'constructor', 'hasOwnProperty'];
const frame = fc.oneof(
  fc.string(),
  fc.json(),
  fc.anything().map((value) => JSON.stringify(value) ?? 'undefined'),
  fc
    .record({ id: fc.string({ minLength: 1, maxLength: 64 }), type: fc.constantFrom(...requestTypes), params: fc.anything() })
    .map((r) => JSON.stringify(r)),
  fc
    .record(
      { id: fc.string({ maxLength: 80 }), type: fc.oneof(fc.constantFrom(...requestTypes), fc.string()), params: fc.jsonValue() },
      { requiredKeys: [] },
    )
    .map((r) => JSON.stringify(r)),
);

describe('agent under random frames', () => {
  it('replies with a protocol reply or closes 4400, and /healthz still answers', async () => {
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        const raw = rawSocket(agent.url);
        await raw.hello();
        raw.send(text);
        const outcome = await Promise.race([raw.next().then((reply) => ({ reply })), raw.closed.then((code) => ({ code }))]);
        if ('code' in outcome) expect(outcome.code).toBe(4400);
        else {
          expect(agentReply.safeParse(outcome.reply).success).toBe(true);
          expect(raw.ws.readyState).toBe(raw.ws.OPEN);
        }
        raw.ws.close();
        await raw.closed;
      }),
      { numRuns: 150 },
    );
    const response = await fetch(`http://127.0.0.1:${agent.port}/healthz`);
    expect(response.status).toBe(200);
  });
});
