import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import {
  applyTokenEvent,
  tokenLifecycleMachine,
  type TokenLifecycleEvent,
  type TokenLifecycleRecord,
  type TokenLifecycleState,
} from './token-lifecycle.ts';

const input = { tokenSerial: 'SN-0001' };
const everyEvent: TokenLifecycleEvent[] = [
  { type: 'token.issue', certificateSerial: '5a1f0c' },
  { type: 'token.issue', certificateSerial: 'not hex' },
  { type: 'token.block' },
  { type: 'token.unblock' },
  { type: 'token.suspend', reason: 'holder-request' },
  { type: 'token.resume' },
  { type: 'token.revoke', reason: 'lost' },
  { type: 'token.replace', replacementSerial: 'SN-0002' },
  { type: 'token.replace', replacementSerial: 'SN-0001' },
];

/** The legal moves, written down once more by hand so the chart cannot drift unnoticed. */
const legal: Record<TokenLifecycleState, Partial<Record<TokenLifecycleEvent['type'], TokenLifecycleState>>> = {
  inStock: { 'token.issue': 'issued' },
  issued: { 'token.block': 'blocked', 'token.suspend': 'suspended', 'token.revoke': 'revoked', 'token.replace': 'replaced' },
  blocked: { 'token.unblock': 'issued', 'token.revoke': 'revoked', 'token.replace': 'replaced' },
  suspended: { 'token.resume': 'issued', 'token.revoke': 'revoked', 'token.replace': 'replaced' },
  revoked: {},
  replaced: {},
};

describe('tokenLifecycleMachine — paths', () => {
  const paths = getShortestPaths(tokenLifecycleMachine, {
    input,
    events: everyEvent,
    serializeState: (s) => JSON.stringify([s.value, s.context.lastErrorCode]),
  });
  const reached = new Set(paths.map((p) => p.state.value as string));

  it('reach every state', () => {
    for (const state of Object.keys(legal)) expect(reached, state).toContain(state);
  });

  it('reach revoked from blocked and from suspended as well as from issued', () => {
    const start = (state: TokenLifecycleState, event: TokenLifecycleEvent) =>
      applyTokenEvent({ state, tokenSerial: 'SN-0001', certificateSerial: '5a1f0c', reason: null, replacedBy: null }, event);
    expect(start('blocked', { type: 'token.revoke', reason: 'lost' })).toMatchObject({
      ok: true,
      record: { state: 'revoked', reason: 'lost' },
    });
    expect(start('suspended', { type: 'token.revoke', reason: 'key-compromise' })).toMatchObject({
      ok: true,
      record: { state: 'revoked', reason: 'key-compromise' },
    });
  });

  it('never record an issued token without its certificate serial', () => {
    for (const p of paths) if (p.state.matches('issued')) expect(p.state.context.certificateSerial).toMatch(/^[0-9a-f]+$/);
  });

  it('refuse every move the table does not list, from every reached state, and stay put', () => {
    for (const p of paths) {
      const from = p.state.value as TokenLifecycleState;
      for (const event of everyEvent) {
        const actor = createActor(tokenLifecycleMachine, { input, snapshot: p.state }).start();
        actor.send(event);
        const after = actor.getSnapshot();
        const badPayload =
          (event.type === 'token.issue' && event.certificateSerial === 'not hex') ||
          (event.type === 'token.replace' && event.replacementSerial === 'SN-0001');
        const expected = badPayload ? undefined : legal[from][event.type];
        if (expected) {
          expect(after.value, `${from} + ${event.type}`).toBe(expected);
          expect(after.context.lastErrorCode).toBeNull();
        } else {
          expect(after.value, `${from} + ${event.type}`).toBe(from);
          expect(after.context.lastErrorCode).toBe('DK_ERR_TOKEN_TRANSITION_ILLEGAL');
        }
        actor.stop();
      }
    }
  });
});

describe('applyTokenEvent', () => {
  const inStock: TokenLifecycleRecord = {
    state: 'inStock',
    tokenSerial: 'SN-0001',
    certificateSerial: null,
    reason: null,
    replacedBy: null,
  };

  it('issues, suspends, resumes and replaces, carrying the record along', () => {
    const issued = applyTokenEvent(inStock, { type: 'token.issue', certificateSerial: 'ABCD01' });
    expect(issued).toEqual({ ok: true, record: { ...inStock, state: 'issued', certificateSerial: 'ABCD01' } });
    if (!issued.ok) return;
    const suspended = applyTokenEvent(issued.record, { type: 'token.suspend', reason: 'holder-request' });
    expect(suspended).toMatchObject({ ok: true, record: { state: 'suspended', reason: 'holder-request' } });
    if (!suspended.ok) return;
    const resumed = applyTokenEvent(suspended.record, { type: 'token.resume' });
    expect(resumed).toMatchObject({ ok: true, record: { state: 'issued', reason: null } });
    if (!resumed.ok) return;
    expect(applyTokenEvent(resumed.record, { type: 'token.replace', replacementSerial: 'SN-0002' })).toMatchObject({
      ok: true,
      record: { state: 'replaced', replacedBy: 'SN-0002', reason: 'superseded', certificateSerial: 'ABCD01' },
    });
  });

  it.each<[TokenLifecycleState, TokenLifecycleEvent]>([
    ['inStock', { type: 'token.revoke', reason: 'lost' }],
    ['inStock', { type: 'token.block' }],
    ['issued', { type: 'token.issue', certificateSerial: 'ABCD' }],
    ['revoked', { type: 'token.resume' }],
    ['revoked', { type: 'token.issue', certificateSerial: 'ABCD' }],
    ['replaced', { type: 'token.revoke', reason: 'lost' }],
    ['suspended', { type: 'token.block' }],
    ['blocked', { type: 'token.suspend', reason: 'lost' }],
  ])('refuses %s + %o', (state, event) => {
    expect(applyTokenEvent({ ...inStock, state, certificateSerial: state === 'inStock' ? null : 'ABCD' }, event)).toEqual({
      ok: false,
      code: 'DK_ERR_TOKEN_TRANSITION_ILLEGAL',
    });
  });
});
