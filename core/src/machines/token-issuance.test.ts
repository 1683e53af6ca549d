import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromCallback, type AnyStateNode } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import type { TokenSlot } from '../agent/messages/token.ts';
import type { ErrorCode } from '../errors/registry.ts';
import {
  ISSUANCE_DEADLINE_MS,
  ISSUANCE_PIN_IDLE_MS,
  tokenIssuanceMachine,
  type FoundIssuance,
  type IssuanceReceipt,
  type IssueTokenInput,
  type TokenIssuanceEvent,
  type TokenIssuanceSnapshot,
} from './token-issuance.ts';

const input = {
  subject: { fullName: 'Nguyễn Thị Ánh Tuyết', idNumber: '079199012345', province: 'Thành phố Hồ Chí Minh' },
  keyType: 'rsa2048' as const,
  providerId: 'vnpt',
};
const blank: TokenSlot = {
  slotId: '1a',
  label: 'DEMO-TOKEN',
  serial: '8f3c2a19d0e4b7aa',
  model: 'SoftHSM v2',
  manufacturer: 'SoftHSM project',
  initialized: true,
  userPinInitialized: false,
  userPinLocked: false,
};
const inUse: TokenSlot = { ...blank, slotId: '2b', serial: '11aa22bb33cc44dd', userPinInitialized: true };
const receipt: IssuanceReceipt = {
  tokenSerial: blank.serial,
  keyType: 'rsa2048',
  certificateSerial: '5a1f0c',
  notBefore: '2026-11-22T02:00:00.000Z',
  notAfter: '2027-11-22T02:00:00.000Z',
  verified: true,
  algorithm: 'sha256WithRSAEncryption',
};
/** A PIN no one would choose, so a search for it finds only this test's copies. */
const CANARY = '48291537';

/** The machine with an issuing actor that records its input and lets the test answer. */
function harness() {
  const given: IssueTokenInput[] = [];
  let answer: ((event: TokenIssuanceEvent) => void) | undefined;
  let stopped = 0;
  const machine = tokenIssuanceMachine.provide({
    actors: {
      issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input: i, sendBack }) => {
        given.push(i);
        answer = sendBack;
        return () => void stopped++;
      }),
    },
  });
  const actor = createActor(machine, { input }).start();
  const type = (pin: string) => {
    for (const digit of pin) actor.send({ type: 'pin.digit', digit });
    actor.send({ type: 'pin.submit' });
  };
  return { actor, given, answer: (e: TokenIssuanceEvent) => answer!(e), stopped: () => stopped, type };
}

const hasPin = (s: TokenIssuanceSnapshot) => JSON.stringify(s.context).includes(CANARY);

describe('tokenIssuanceMachine — flows', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("says why a blank token it cannot issue on is refused (the agent's problem), and takes the next issuable one", () => {
    const h = harness();
    const unknownModel: TokenSlot = {
      ...blank,
      slotId: '3c',
      serial: '99ee88dd77cc66bb',
      model: 'Mystery 9',
      problem: 'DK_ERR_TOKEN_MODEL_UNKNOWN',
    };
    h.actor.send({ type: 'slots.changed', slots: [unknownModel] });
    expect(h.actor.getSnapshot().value).toBe('waiting');
    expect(h.actor.getSnapshot().context.tokenRefused).toBe('DK_ERR_TOKEN_MODEL_UNKNOWN');
    h.actor.send({ type: 'slots.changed', slots: [unknownModel, blank] });
    expect(h.actor.getSnapshot().value).toEqual({ present: 'ready' });
    expect(h.actor.getSnapshot().context.token).toEqual(blank);
    expect(h.actor.getSnapshot().context.tokenRefused).toBeNull();
  });

  it('waits for a blank token, takes the PIN twice, issues with progress, and keeps the receipt', () => {
    const h = harness();
    expect(h.actor.getSnapshot().value).toBe('waiting');
    h.actor.send({ type: 'slots.changed', slots: [inUse] });
    expect(h.actor.getSnapshot().value).toBe('waiting');
    expect(h.actor.getSnapshot().context.tokenRefused).toBe('DK_ERR_TOKEN_NOT_BLANK');
    h.actor.send({ type: 'slots.changed', slots: [inUse, blank] });
    expect(h.actor.getSnapshot().value).toEqual({ present: 'ready' });
    expect(h.actor.getSnapshot().context.token).toEqual(blank);
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    expect(h.actor.getSnapshot().value).toEqual({ pin: 'confirm' });
    h.type(CANARY);
    expect(h.actor.getSnapshot().value).toEqual({ issuing: 'running' });
    expect(h.given).toMatchObject([{ slotId: blank.slotId, tokenSerial: blank.serial, subject: input.subject, keyType: 'rsa2048' }]);
    h.answer({ type: 'issue.progressed', step: 'initialise', state: 'started' });
    expect(h.actor.getSnapshot().context.currentStep).toBe('initialise');
    h.answer({ type: 'issue.progressed', step: 'initialise', state: 'done' });
    h.answer({ type: 'issue.progressed', step: 'set-pin', state: 'done' });
    expect(h.actor.getSnapshot().context.doneSteps).toEqual(['initialise', 'set-pin']);
    h.answer({ type: 'issue.succeeded', receipt });
    expect(h.actor.getSnapshot().value).toBe('issued');
    expect(h.actor.getSnapshot().context.receipt).toEqual(receipt);
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
  });

  it('generates the key type the clerk picked among those the catalogue offers, and no other', () => {
    const given: IssueTokenInput[] = [];
    const machine = tokenIssuanceMachine.provide({
      actors: { issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input: i }) => void given.push(i)) },
    });
    const actor = createActor(machine, { input: { ...input, keyTypes: ['rsa2048', 'p256'] } }).start();
    actor.send({ type: 'slots.changed', slots: [blank] });
    actor.send({ type: 'keyType.chosen', keyType: 'p256' });
    expect(actor.getSnapshot().context.keyType).toBe('p256');
    const single = createActor(tokenIssuanceMachine, { input }).start();
    single.send({ type: 'slots.changed', slots: [blank] });
    single.send({ type: 'keyType.chosen', keyType: 'p256' });
    expect(single.getSnapshot().context.keyType).toBe('rsa2048');
    actor.send({ type: 'pin.begin' });
    for (let round = 0; round < 2; round++) {
      for (const digit of CANARY) actor.send({ type: 'pin.digit', digit });
      actor.send({ type: 'pin.submit' });
    }
    expect(given).toMatchObject([{ keyType: 'p256' }]);
  });

  it('checks the token against the site’s stock before the PIN: a refused one starts nothing until checked again or replaced', () => {
    const asked: string[] = [];
    let answer: ErrorCode | null = 'DK_ERR_TOKEN_NOT_IN_STOCK';
    const machine = tokenIssuanceMachine.provide({
      actors: {
        checkStock: fromCallback<TokenIssuanceEvent, { serial: string }>(({ input: i, sendBack }) => {
          asked.push(i.serial);
          sendBack({ type: 'stock.checked', refusal: answer });
        }),
      },
    });
    const actor = createActor(machine, { input }).start();
    actor.send({ type: 'slots.changed', slots: [blank] });
    expect(actor.getSnapshot().value).toEqual({ present: 'notInStock' });
    expect(actor.getSnapshot().context.stockRefused).toBe('DK_ERR_TOKEN_NOT_IN_STOCK');
    actor.send({ type: 'pin.begin' });
    expect(actor.getSnapshot().value).toEqual({ present: 'notInStock' });
    // Received into stock meanwhile: checked again, then the keypad.
    answer = null;
    actor.send({ type: 'stock.recheck' });
    expect(actor.getSnapshot().value).toEqual({ present: 'ready' });
    expect(actor.getSnapshot().context.stockRefused).toBeNull();
    expect(asked).toEqual([blank.serial, blank.serial]);
    // Another token: checked on its own serial.
    actor.send({ type: 'slots.changed', slots: [] });
    actor.send({ type: 'slots.changed', slots: [{ ...blank, slotId: '9z', serial: '0000111122223333' }] });
    expect(asked.at(-1)).toBe('0000111122223333');
  });

  it('hands the PIN to the issuing actor and wipes it from context as issuing starts (regression: entry/invoke order)', () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    expect(hasPin(h.actor.getSnapshot())).toBe(true);
    h.type(CANARY);
    expect(String(h.given[0]?.userPin)).toBe('[redacted]');
    expect(h.given[0]?.userPin.take()).toBe(CANARY);
    expect(h.given[0]?.userPin.take()).toBe('');
    const s = h.actor.getSnapshot();
    expect(s.context.entry).toBe('');
    expect(s.context.firstEntry).toBeNull();
    expect(hasPin(s)).toBe(false);
    expect(JSON.stringify(h.actor.getPersistedSnapshot())).not.toContain(CANARY);
  });

  it('wipes the PIN after a failure, and the failure keeps its code, step and wipe', () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    h.type(CANARY);
    h.answer({ type: 'issue.progressed', step: 'certify', state: 'started' });
    h.answer({ type: 'issue.failed', code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify', wiped: true });
    const s = h.actor.getSnapshot();
    expect(s.value).toBe('failed');
    expect(s.context.failure).toEqual({ code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify', wiped: true });
    expect(s.context.receipt).toBeNull();
    expect(hasPin(s)).toBe(false);
  });

  it('fails with DK_ERR_TOKEN_NOT_PRESENT when the token is pulled out mid-issuance, and stops the actor', () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    h.type(CANARY);
    h.answer({ type: 'issue.progressed', step: 'generate-key', state: 'started' });
    h.actor.send({ type: 'slots.changed', slots: [] });
    expect(h.actor.getSnapshot().value).toBe('failed');
    expect(h.actor.getSnapshot().context.failure).toEqual({ code: 'DK_ERR_TOKEN_NOT_PRESENT', step: 'generate-key', wiped: false });
    expect(h.stopped()).toBe(1);
    // A late success from the stopped run changes nothing.
    h.answer({ type: 'issue.succeeded', receipt });
    expect(h.actor.getSnapshot().value).toBe('failed');
  });

  it('fails when the token is pulled out during PIN entry, with the PIN wiped', () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    h.actor.send({ type: 'pin.digit', digit: '4' });
    h.actor.send({ type: 'slots.changed', slots: [] });
    expect(h.actor.getSnapshot().value).toBe('failed');
    expect(h.actor.getSnapshot().context.failure).toEqual({ code: 'DK_ERR_TOKEN_NOT_PRESENT', step: null, wiped: null });
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
    h.actor.send({ type: 'issuance.retry' });
    expect(h.actor.getSnapshot().value).toBe('waiting');
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    expect(h.actor.getSnapshot().value).toEqual({ present: 'ready' });
  });

  it.each([
    ['123456', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['777777', 'DK_ERR_TOKEN_PIN_REPEATED'],
    ['4829', 'DK_ERR_TOKEN_PIN_FORMAT'],
  ])('refuses %s with %s and clears the entry', (pin, code) => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(pin);
    expect(h.actor.getSnapshot().value).toEqual({ pin: 'first' });
    expect(h.actor.getSnapshot().context).toMatchObject({ pinProblem: code, entry: '' });
  });

  it('starts over on a mismatch, stops at 8 digits, ignores non-digits, and erases', () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    for (const digit of '4829153799') h.actor.send({ type: 'pin.digit', digit });
    expect(h.actor.getSnapshot().context.entry).toBe('48291537');
    h.actor.send({ type: 'pin.erase' });
    h.actor.send({ type: 'pin.digit', digit: 'x' });
    expect(h.actor.getSnapshot().context.entry).toBe('4829153');
    h.actor.send({ type: 'pin.submit' });
    h.type('4829154');
    expect(h.actor.getSnapshot().value).toEqual({ pin: 'first' });
    expect(h.actor.getSnapshot().context).toMatchObject({ pinProblem: 'DK_ERR_TOKEN_PIN_MISMATCH', entry: '', firstEntry: null });
    expect(h.given).toEqual([]);
  });

  it('forgets a half-typed PIN when the citizen walks away (pinIdle)', async () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    await vi.advanceTimersByTimeAsync(ISSUANCE_PIN_IDLE_MS - 1);
    expect(h.actor.getSnapshot().value).toEqual({ pin: 'confirm' });
    await vi.advanceTimersByTimeAsync(1);
    expect(h.actor.getSnapshot().value).toEqual({ present: 'ready' });
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
  });

  it('gives up after the issuance deadline with DK_ERR_TOKEN_TIMEOUT, not issued', async () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    h.type(CANARY);
    h.answer({ type: 'issue.progressed', step: 'generate-key', state: 'started' });
    await vi.advanceTimersByTimeAsync(ISSUANCE_DEADLINE_MS);
    expect(h.actor.getSnapshot().value).toBe('failed');
    expect(h.actor.getSnapshot().context.failure).toEqual({ code: 'DK_ERR_TOKEN_TIMEOUT', step: 'generate-key', wiped: false });
  });

  it('never shows a receipt for another token as issued', () => {
    const h = harness();
    h.actor.send({ type: 'slots.changed', slots: [blank] });
    h.actor.send({ type: 'pin.begin' });
    h.type(CANARY);
    h.type(CANARY);
    h.answer({ type: 'issue.succeeded', receipt: { ...receipt, tokenSerial: 'ffffffffffffffff' } });
    expect(h.actor.getSnapshot().value).toBe('failed');
    expect(h.actor.getSnapshot().context.receipt).toBeNull();
  });
});

describe('tokenIssuanceMachine — generated paths', () => {
  function afterEvents(node: AnyStateNode): TokenIssuanceEvent[] {
    const own = node.after.map((t) => ({ type: t.eventType }) as unknown as TokenIssuanceEvent);
    return [...own, ...Object.values(node.states).flatMap((child) => afterEvents(child as AnyStateNode))];
  }
  const events: TokenIssuanceEvent[] = [
    { type: 'slots.changed', slots: [] },
    { type: 'slots.changed', slots: [inUse] },
    { type: 'slots.changed', slots: [blank] },
    { type: 'stock.checked', refusal: null },
    { type: 'stock.checked', refusal: 'DK_ERR_TOKEN_NOT_IN_STOCK' },
    { type: 'stock.recheck' },
    { type: 'pin.begin' },
    ...[...CANARY].map((digit) => ({ type: 'pin.digit' as const, digit })),
    { type: 'pin.erase' },
    { type: 'pin.submit' },
    { type: 'pin.cancel' },
    { type: 'issue.progressed', step: 'initialise', state: 'started' },
    { type: 'issue.progressed', step: 'initialise', state: 'done' },
    { type: 'issue.succeeded', receipt },
    { type: 'issue.failed', code: 'DK_ERR_CA_UNAVAILABLE', step: 'certify', wiped: true },
    { type: 'issuance.retry' },
    ...afterEvents(tokenIssuanceMachine.root),
  ];
  const paths = getShortestPaths(tokenIssuanceMachine, {
    input,
    events,
    // PIN entries are folded to "a prefix of the canary, of this length" or "something else", so
    // the graph stays small while the canary typed twice is still a reachable path.
    serializeState: (s) => {
      const fold = (pin: string | null) => (pin === null ? null : CANARY.startsWith(pin) ? pin.length : `x${pin.length}`);
      return JSON.stringify([
        s.value,
        s.context.token?.serial ?? null,
        fold(s.context.entry),
        fold(s.context.firstEntry),
        s.context.failure?.code ?? null,
        s.context.tokenRefused,
      ]);
    },
  });
  const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));

  it('reach every state of the machine', () => {
    for (const leaf of [
      '"waiting"',
      '{"present":"ready"}',
      '{"present":"notInStock"}',
      '{"pin":"first"}',
      '{"pin":"confirm"}',
      '{"issuing":"running"}',
      '"issued"',
      '"failed"',
    ])
      expect(reached, leaf).toContain(leaf);
  });

  it('reach issued only through the PIN typed twice and a verified receipt', () => {
    for (const p of paths.filter((x) => x.state.matches('issued'))) {
      const types = p.steps.map((s) => s.event.type);
      expect(types.filter((t) => t === 'pin.submit')).toHaveLength(2);
      expect(types).toContain('issue.succeeded');
      expect(p.state.context.receipt?.verified).toBe(true);
    }
  });

  it('hold no PIN outside PIN entry, whatever the path', () => {
    for (const p of paths)
      if (!p.state.matches('pin')) expect(hasPin(p.state as TokenIssuanceSnapshot), JSON.stringify(p.state.value)).toBe(false);
  });

  it('never carry a receipt into failed, and always a code', () => {
    for (const p of paths.filter((x) => x.state.matches('failed'))) {
      expect(p.state.context.receipt).toBeNull();
      expect(p.state.context.failure?.code).toMatch(/^DK_ERR_/);
    }
  });
});

describe('tokenIssuanceMachine — resuming after a reload', () => {
  const registrationId = '01938a2b-7c4d-7e5f-8a6b-1c2d3e4f5a6b';
  /** The machine for a registration, with the agent's journal answering `found` and a follower the test drives. */
  function resumed(found: FoundIssuance) {
    const issued: IssueTokenInput[] = [];
    const followed: string[] = [];
    let follow: ((event: TokenIssuanceEvent) => void) | undefined;
    let answer: ((event: TokenIssuanceEvent) => void) | undefined;
    const machine = tokenIssuanceMachine.provide({
      actors: {
        issueToken: fromCallback<TokenIssuanceEvent, IssueTokenInput>(({ input: i, sendBack }) => {
          issued.push(i);
          answer = sendBack;
        }),
        findIssuance: fromCallback<TokenIssuanceEvent, { registrationId: string }>(({ input: i, sendBack }) => {
          expect(i.registrationId).toBe(registrationId);
          sendBack({ type: 'issuance.found', found });
        }),
        followIssuance: fromCallback<TokenIssuanceEvent, { registrationId: string }>(({ input: i, sendBack }) => {
          followed.push(i.registrationId);
          follow = sendBack;
        }),
      },
    });
    const actor = createActor(machine, { input: { ...input, registrationId } }).start();
    actor.send({ type: 'slots.changed', slots: [{ ...blank, userPinInitialized: true }] });
    return { actor, issued, followed, follow: (e: TokenIssuanceEvent) => follow!(e), answer: (e: TokenIssuanceEvent) => answer!(e) };
  }

  it('shows the receipt of an issuance that finished before the reload, without a PIN or a new request', () => {
    const r = resumed({ state: 'issued', receipt });
    expect(r.actor.getSnapshot().value).toBe('issued');
    expect(r.actor.getSnapshot().context.receipt).toEqual(receipt);
    expect(r.issued).toHaveLength(0);
  });

  it('follows an issuance still running at the agent to its end, never starting another', () => {
    const r = resumed({ state: 'running', tokenSerial: blank.serial, doneSteps: ['initialise', 'set-pin'], currentStep: 'generate-key' });
    expect(r.actor.getSnapshot().value).toBe('following');
    expect(r.actor.getSnapshot().context).toMatchObject({ doneSteps: ['initialise', 'set-pin'], currentStep: 'generate-key' });
    expect(r.followed).toEqual([registrationId]);
    r.follow({ type: 'issue.progressed', step: 'generate-key', state: 'done' });
    r.follow({ type: 'issue.succeeded', receipt, resumed: true });
    expect(r.actor.getSnapshot().value).toBe('issued');
    expect(r.issued).toHaveLength(0);
  });

  it('says how an earlier attempt failed, and lets the clerk try again', () => {
    const r = resumed({ state: 'failed', failure: { code: 'DK_ERR_TOKEN_ISSUANCE_UNSETTLED', step: 'certify', wiped: true } });
    expect(r.actor.getSnapshot().value).toBe('failed');
    expect(r.actor.getSnapshot().context.failure?.code).toBe('DK_ERR_TOKEN_ISSUANCE_UNSETTLED');
    r.actor.send({ type: 'issuance.retry' });
    expect(r.actor.getSnapshot().value).toBe('waiting');
  });

  it('with nothing recorded, issues as usual and names the registration to the agent', () => {
    const r = resumed({ state: 'none' });
    expect(r.actor.getSnapshot().value).toBe('waiting');
    r.actor.send({ type: 'slots.changed', slots: [blank] });
    r.actor.send({ type: 'pin.begin' });
    for (let i = 0; i < 2; i++) {
      for (const digit of CANARY) r.actor.send({ type: 'pin.digit', digit });
      r.actor.send({ type: 'pin.submit' });
    }
    expect(r.issued).toHaveLength(1);
    expect(r.issued[0]!.registrationId).toBe(registrationId);
  });

  it('accepts a receipt for another token only when the agent says it is the registration’s earlier issuance (resumed)', () => {
    for (const resumedFlag of [false, true]) {
      const r = resumed({ state: 'none' });
      r.actor.send({ type: 'slots.changed', slots: [blank] });
      r.actor.send({ type: 'pin.begin' });
      for (let i = 0; i < 2; i++) {
        for (const digit of CANARY) r.actor.send({ type: 'pin.digit', digit });
        r.actor.send({ type: 'pin.submit' });
      }
      r.answer({ type: 'issue.succeeded', receipt: { ...receipt, tokenSerial: 'ffffffffffffffff' }, resumed: resumedFlag });
      expect(r.actor.getSnapshot().value).toBe(resumedFlag ? 'issued' : 'failed');
    }
  });
});
