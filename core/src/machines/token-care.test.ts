import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, transition, type AnyStateNode } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import type { TokenSlot } from '../agent/messages/token.ts';
import {
  careIdentityCheck,
  careIdentityDecision,
  careProblem,
  CARE_AGENT_DEADLINE_MS,
  CARE_PIN_IDLE_MS,
  careAllowed,
  tokenCareMachine,
  type CareRevocation,
  type CareTarget,
  type RecordCareInput,
  type RevokeCertificateInput,
  type TokenCareEvent,
  type TokenCareSnapshot,
  type UnblockTokenInput,
} from './token-care.ts';

/** A PIN no one would choose, so a search for it finds only this test's copies. */
const CANARY = '48291537';
const target: CareTarget = {
  registrationId: '019ab000-0000-7000-8000-000000000001',
  ticket: 'A-001',
  fullName: 'Nguyễn Thị Ánh Tuyết',
  tokenSerial: '8f3c2a19d0e4b7aa',
  certificate: { serial: '5a1f0c', notAfter: '2027-11-22T02:00:00.000Z', providerId: 'vnpt' },
  lifecycle: 'issued',
};
const second: CareTarget = {
  ...target,
  registrationId: '019ab000-0000-7000-8000-000000000002',
  ticket: 'A-007',
  tokenSerial: '11aa22bb33cc44dd',
  certificate: null,
};
const slot: TokenSlot = {
  slotId: '1a',
  label: 'Chu ky so',
  serial: target.tokenSerial,
  model: 'SoftHSM v2',
  manufacturer: 'SoftHSM project',
  initialized: true,
  userPinInitialized: true,
  userPinLocked: true,
};
const revocation: CareRevocation = { certificateSerial: '5a1f0c', revokedAt: '2026-11-22T03:00:00.000Z', inCrl: true };
const coded = (code: string) => Object.assign(new Error(code), { code });

interface Options {
  found?: CareTarget[];
  failLookup?: string;
  failUnblock?: string[];
  failRevoke?: string[];
  failRecord?: string[];
  hang?: boolean;
}

/** The machine with actors that record what they were given and answer as told (a list of codes fails in turn). */
function harness(options: Options = {}) {
  const calls = {
    find: [] as string[],
    unblock: [] as { input: UnblockTokenInput; pin: string }[],
    revoke: [] as RevokeCertificateInput[],
    record: [] as RecordCareInput[],
  };
  const failUnblock = [...(options.failUnblock ?? [])];
  const failRevoke = [...(options.failRevoke ?? [])];
  const failRecord = [...(options.failRecord ?? [])];
  const never = new Promise<never>(() => {});
  const machine = tokenCareMachine.provide({
    actors: {
      findTokens: fromPromise<CareTarget[], { query: string }>(async ({ input }) => {
        calls.find.push(input.query);
        if (options.failLookup) throw coded(options.failLookup);
        return options.found ?? [target];
      }),
      unblockToken: fromPromise<void, UnblockTokenInput>(async ({ input }) => {
        calls.unblock.push({ input, pin: input.newUserPin.take() });
        if (options.hang) await never;
        const code = failUnblock.shift();
        if (code) throw coded(code);
      }),
      revokeCertificate: fromPromise<CareRevocation, RevokeCertificateInput>(async ({ input }) => {
        calls.revoke.push(input);
        if (options.hang) await never;
        const code = failRevoke.shift();
        if (code) throw coded(code);
        return revocation;
      }),
      recordCare: fromPromise<void, RecordCareInput>(async ({ input }) => {
        calls.record.push(input);
        const code = failRecord.shift();
        if (code) throw coded(code);
      }),
    },
  });
  const actor = createActor(machine).start();
  const type = (pin: string) => {
    for (const digit of pin) actor.send({ type: 'pin.digit', digit });
    actor.send({ type: 'pin.submit' });
  };
  const value = () => actor.getSnapshot().value;
  const context = () => actor.getSnapshot().context;
  return { actor, calls, type, value, context };
}

const flush = () => vi.advanceTimersByTimeAsync(0);
const hasPin = (s: TokenCareSnapshot) => JSON.stringify(s.context).includes(CANARY);

async function toChoose(h: ReturnType<typeof harness>, query = '079199012345') {
  h.actor.send({ type: 'lookup.submitted', query });
  await flush();
}

describe('tokenCareMachine — unblock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('finds the token, waits for it in the reader, takes the new PIN twice, unblocks, then records the reason', async () => {
    const h = harness();
    await toChoose(h, ' 079199012345 ');
    expect(h.calls.find).toEqual(['079199012345']);
    expect(h.value()).toBe('choose');
    expect(h.context().target).toEqual(target);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-forgotten' });
    expect(h.value()).toEqual({ unblock: 'insert' });
    h.actor.send({ type: 'slots.changed', slots: [{ ...slot, serial: 'ffffffffffffffff' }] });
    expect(h.value()).toEqual({ unblock: 'insert' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    expect(h.value()).toEqual({ unblock: { pin: 'first' } });
    expect(h.context().slot?.userPinLocked).toBe(true);
    h.type(CANARY);
    expect(h.value()).toEqual({ unblock: { pin: 'confirm' } });
    h.type(CANARY);
    expect(h.value()).toEqual({ unblock: { unblocking: 'running' } });
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
    expect(JSON.stringify(h.actor.getPersistedSnapshot())).not.toContain(CANARY);
    await flush();
    expect(h.calls.unblock).toMatchObject([{ input: { slotId: '1a', tokenSerial: target.tokenSerial }, pin: CANARY }]);
    expect(String(h.calls.unblock[0]!.input.newUserPin)).toBe('[redacted]');
    expect(h.calls.record).toEqual([
      { target, record: { kind: 'pin-unblocked', reason: 'pin-forgotten', identityCheck: 'documents-checked' } },
    ]);
    expect(h.value()).toBe('done');
    h.actor.send({ type: 'care.close' });
    expect(h.value()).toBe('find');
    expect(h.context()).toMatchObject({ target: null, query: '', record: null });
  });

  it.each([
    ['123456', 'DK_ERR_TOKEN_PIN_SEQUENCE'],
    ['000000', 'DK_ERR_TOKEN_PIN_REPEATED'],
    ['4829', 'DK_ERR_TOKEN_PIN_FORMAT'],
  ])('refuses the new PIN %s with %s (the same policy as issuance)', async (pin, code) => {
    const h = harness();
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(pin);
    expect(h.value()).toEqual({ unblock: { pin: 'first' } });
    expect(h.context()).toMatchObject({ pinProblem: code, entry: '' });
  });

  it('starts the PIN over on a mismatch and never calls the agent', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    h.type('48291538');
    expect(h.value()).toEqual({ unblock: { pin: 'first' } });
    expect(h.context()).toMatchObject({ pinProblem: 'DK_ERR_TOKEN_PIN_MISMATCH', entry: '', firstEntry: null });
    await flush();
    expect(h.calls.unblock).toEqual([]);
  });

  it('fails with DK_ERR_TOKEN_NOT_PRESENT when the token is pulled out during PIN entry, PIN wiped; retry waits for it again', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    h.actor.send({ type: 'slots.changed', slots: [] });
    expect(h.value()).toBe('failed');
    expect(h.context().failure).toEqual({ code: 'DK_ERR_TOKEN_NOT_PRESENT', during: 'unblock' });
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
    h.actor.send({ type: 'care.retry' });
    expect(h.value()).toEqual({ unblock: 'insert' });
    expect(h.context().failure).toBeNull();
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    expect(h.value()).toEqual({ unblock: { pin: 'first' } });
  });

  it('reports the agent failure with its code, retries with a PIN typed again, and records only after success', async () => {
    const h = harness({ failUnblock: ['DK_ERR_TOKEN_MODULE'] });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    h.type(CANARY);
    await flush();
    expect(h.value()).toBe('failed');
    expect(h.context().failure).toEqual({ code: 'DK_ERR_TOKEN_MODULE', during: 'unblock' });
    expect(h.calls.record).toEqual([]);
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
    h.actor.send({ type: 'care.retry' });
    expect(h.value()).toEqual({ unblock: { pin: 'first' } });
    h.type(CANARY);
    h.type(CANARY);
    await flush();
    expect(h.value()).toBe('done');
    expect(h.calls.unblock).toHaveLength(2);
    expect(h.calls.record).toHaveLength(1);
  });

  it('forgets a half-typed PIN when the citizen walks away (pinIdle)', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    await vi.advanceTimersByTimeAsync(CARE_PIN_IDLE_MS - 1);
    expect(h.value()).toEqual({ unblock: { pin: 'confirm' } });
    await vi.advanceTimersByTimeAsync(1);
    expect(h.value()).toBe('choose');
    expect(hasPin(h.actor.getSnapshot())).toBe(false);
  });

  it('gives up on a stuck agent after the deadline with DK_ERR_TOKEN_TIMEOUT, nothing recorded', async () => {
    const h = harness({ hang: true });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    h.type(CANARY);
    await vi.advanceTimersByTimeAsync(CARE_AGENT_DEADLINE_MS);
    expect(h.value()).toBe('failed');
    expect(h.context().failure).toEqual({ code: 'DK_ERR_TOKEN_TIMEOUT', during: 'unblock' });
    expect(h.calls.record).toEqual([]);
  });

  it('keeps the record when writing it fails, and retries only the record (the agent is not asked twice)', async () => {
    const h = harness({ failRecord: ['DK_ERR_INTERNAL'] });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    h.type(CANARY);
    await flush();
    expect(h.context().failure).toEqual({ code: 'DK_ERR_INTERNAL', during: 'record' });
    h.actor.send({ type: 'care.retry' });
    await flush();
    expect(h.value()).toBe('done');
    expect(h.calls.unblock).toHaveLength(1);
    expect(h.calls.record).toHaveLength(2);
  });
});

describe('tokenCareMachine — revoke', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('prefills the recorded certificate serial, takes a reason and a confirmation, revokes, and records the CA answer', async () => {
    const h = harness();
    await toChoose(h, 'A-001');
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'revoke.chosen' });
    expect(h.value()).toEqual({ revoke: 'form' });
    expect(h.context().certificateSerial).toBe('5a1f0c');
    h.actor.send({ type: 'revoke.reason', reason: 'key-compromise' });
    h.actor.send({ type: 'revoke.next' });
    expect(h.value()).toEqual({ revoke: 'confirm' });
    await flush();
    expect(h.calls.revoke).toEqual([]);
    h.actor.send({ type: 'revoke.confirm' });
    await flush();
    expect(h.calls.revoke).toEqual([
      { tokenSerial: target.tokenSerial, certificateSerial: '5a1f0c', reason: 'key-compromise', providerId: 'vnpt' },
    ]);
    expect(h.calls.record).toEqual([
      {
        target,
        record: {
          kind: 'revoked',
          reason: 'key-compromise',
          certificateSerial: '5a1f0c',
          identityCheck: 'documents-checked',
          requestedBy: { kind: 'holder' },
        },
      },
    ]);
    expect(h.value()).toBe('done');
    expect(h.context().revocation).toEqual(revocation);
  });

  it('asks for the serial from the receipt when none was recorded, and refuses one that is not hex', async () => {
    const h = harness({ found: [second] });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'revoke.chosen' });
    expect(h.context().certificateSerial).toBe('');
    h.actor.send({ type: 'revoke.next' });
    expect(h.value()).toEqual({ revoke: 'form' });
    h.actor.send({ type: 'revoke.serial', serial: 'not a serial' });
    h.actor.send({ type: 'revoke.next' });
    expect(h.value()).toEqual({ revoke: 'form' });
    h.actor.send({ type: 'revoke.serial', serial: '7B:2E:1D' });
    h.actor.send({ type: 'revoke.next' });
    expect(h.value()).toEqual({ revoke: 'confirm' });
  });

  it('reports an unreachable CA with its code, and retry goes back to the confirmation', async () => {
    const h = harness({ failRevoke: ['DK_ERR_CA_UNAVAILABLE'] });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'revoke.chosen' });
    h.actor.send({ type: 'revoke.next' });
    h.actor.send({ type: 'revoke.confirm' });
    await flush();
    expect(h.value()).toBe('failed');
    expect(h.context().failure).toEqual({ code: 'DK_ERR_CA_UNAVAILABLE', during: 'revoke' });
    expect(h.calls.record).toEqual([]);
    h.actor.send({ type: 'care.retry' });
    expect(h.value()).toEqual({ revoke: 'confirm' });
    h.actor.send({ type: 'revoke.confirm' });
    await flush();
    expect(h.value()).toBe('done');
  });

  it('abandons a failure back to an empty search', async () => {
    const h = harness({ failRevoke: ['DK_ERR_CA_SERIAL_UNKNOWN'] });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'revoke.chosen' });
    h.actor.send({ type: 'revoke.next' });
    h.actor.send({ type: 'revoke.confirm' });
    await flush();
    h.actor.send({ type: 'care.abandon' });
    expect(h.value()).toBe('find');
    expect(h.context()).toMatchObject({ target: null, failure: null, certificateSerial: '' });
  });
});

describe('tokenCareMachine — lookup and the token lifecycle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('refuses an unblock or a second revocation of a revoked token, as the server would', async () => {
    const h = harness({ found: [{ ...target, lifecycle: 'revoked' }] });
    await toChoose(h);
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    expect(h.value()).toBe('choose');
    expect(h.context().refused).toBe('DK_ERR_TOKEN_TRANSITION_ILLEGAL');
    h.actor.send({ type: 'holder.checked' });
    h.actor.send({ type: 'revoke.chosen' });
    expect(h.value()).toBe('choose');
  });

  it('agrees with the lifecycle statechart for every state', () => {
    expect(
      (['inStock', 'issued', 'blocked', 'suspended', 'revoked', 'replaced'] as const).map((s) => [
        s,
        careAllowed(s, 'unblock'),
        careAllowed(s, 'revoke'),
      ]),
    ).toEqual([
      ['inStock', false, false],
      ['issued', true, true],
      ['blocked', true, true],
      ['suspended', false, true],
      ['revoked', false, false],
      ['replaced', false, false],
    ]);
  });

  it('lets the clerk pick among several tokens of one citizen, and says when nothing matches', async () => {
    const many = harness({ found: [target, second] });
    await toChoose(many);
    expect(many.value()).toBe('picking');
    many.actor.send({ type: 'target.picked', registrationId: 'unknown' });
    expect(many.value()).toBe('picking');
    many.actor.send({ type: 'target.picked', registrationId: second.registrationId });
    expect(many.value()).toBe('choose');
    expect(many.context().target).toEqual(second);

    const none = harness({ found: [] });
    await toChoose(none);
    expect(none.value()).toBe('notFound');
    expect(none.context().notFound).toBe(true);
  });

  it('ignores a query that cannot be an ID number, ticket or serial, and reports a failed lookup with retry', async () => {
    const h = harness({ failLookup: 'DK_ERR_STORED_ROW_INVALID' });
    h.actor.send({ type: 'lookup.submitted', query: 'ab' });
    h.actor.send({ type: 'lookup.submitted', query: 'DROP TABLE;' });
    expect(h.value()).toBe('find');
    await toChoose(h);
    expect(h.context().failure).toEqual({ code: 'DK_ERR_STORED_ROW_INVALID', during: 'lookup' });
    h.actor.send({ type: 'care.retry' });
    await flush();
    expect(h.calls.find).toEqual(['079199012345', '079199012345']);
  });
});

describe('tokenCareMachine — the holder, identified now', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('offers neither unblock nor revoke for whoever asks, and says why', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    expect([h.value(), h.context().refused]).toEqual(['choose', 'DK_ERR_CARE_HOLDER_UNCONFIRMED']);
    h.actor.send({ type: 'revoke.chosen' });
    expect([h.value(), h.context().refused]).toEqual(['choose', 'DK_ERR_CARE_HOLDER_UNCONFIRMED']);
    h.actor.send({ type: 'holder.checked' });
    expect(h.context().refused).toBeNull();
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    expect(h.value()).toEqual({ unblock: 'insert' });
  });

  it('revokes on an authority’s written request without the holder, and records who asked', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send({ type: 'authority.given', authority: ' ', documentRef: '123/CV-CAP' });
    h.actor.send({ type: 'revoke.chosen' });
    expect(h.context().refused).toBe('DK_ERR_CARE_HOLDER_UNCONFIRMED');
    h.actor.send({ type: 'authority.given', authority: 'Công an phường Bến Thành', documentRef: '123/CV-CAP' });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    expect(h.context().refused).toBe('DK_ERR_CARE_HOLDER_UNCONFIRMED');
    h.actor.send({ type: 'revoke.chosen' });
    expect(h.value()).toEqual({ revoke: 'form' });
  });

  it('follows a counter chip read that contradicts the registration: no care on papers alone', () => {
    const evidence = {
      chip: {
        readId: 'r1',
        origin: 'counter' as const,
        verdict: 'verified' as const,
        fields: { idNumber: 'match' as const, fullName: 'mismatch' as const, birthDate: 'match' as const },
      },
      approval: null,
      registrationChipVerified: false,
    };
    expect(careProblem({ target: { ...target, evidence }, holderChecked: true, authority: null }, 'unblock')).toBe(
      'DK_ERR_IDENTITY_CHIP_MISMATCH',
    );
    expect(careProblem({ target, holderChecked: true, authority: null }, 'unblock')).toBeNull();
  });
});

describe('tokenCareMachine — the holder’s card read at this counter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const fields = (fullName: 'match' | 'mismatch') => ({ idNumber: 'match', fullName, birthDate: 'match', sex: 'match' }) as const;
  const read = (verdict: 'verified' | 'not-verified' | 'failed', fullName: 'match' | 'mismatch', readId = 'read-1') =>
    ({ type: 'holder.read', readId, verdict, fields: fields(fullName), cardExpiry: 'valid' }) as const;
  type Step = 'papers' | 'approve' | 'approve-other-read';
  const stepEvent = (step: Step): TokenCareEvent =>
    step === 'papers'
      ? { type: 'holder.checked' }
      : { type: 'holder.approved', chipReadId: step === 'approve' ? 'read-1' : 'read-0', approvedBy: 'manager.benthanh' };

  // chip read · what follows · what the panel shows (the check, or the code and the remedies) · may unblock · the check recorded
  it.each<[string, ReturnType<typeof read> | null, Step[], string, string[], boolean, string | null]>([
    ['no read, nothing', null, [], 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED', ['read-chip', 'check-documents'], false, null],
    ['no read, papers', null, ['papers'], 'documents-checked', [], true, 'documents-checked'],
    ['genuine chip agrees', read('verified', 'match'), [], 'chip-matched', [], true, 'chip-matched'],
    ['genuine chip agrees, papers too', read('verified', 'match'), ['papers'], 'chip-matched', [], true, 'chip-matched'],
    // Someone else's genuine card: refused, and the papers are not offered.
    ['genuine chip disagrees', read('verified', 'mismatch'), [], 'DK_ERR_IDENTITY_CHIP_MISMATCH', [], false, null],
    ['genuine chip disagrees, papers', read('verified', 'mismatch'), ['papers'], 'DK_ERR_IDENTITY_CHIP_MISMATCH', [], false, null],
    [
      'unverified chip disagrees',
      read('not-verified', 'mismatch'),
      ['papers'],
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
      ['manager-approval', 'read-chip'],
      false,
      null,
    ],
    [
      'unverified chip disagrees, an approval of another read',
      read('not-verified', 'mismatch'),
      ['approve-other-read', 'papers'],
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
      ['manager-approval', 'read-chip'],
      false,
      null,
    ],
    [
      'unverified chip disagrees, approved, no papers yet',
      read('not-verified', 'mismatch'),
      ['approve'],
      'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED',
      ['check-documents', 'read-chip'],
      false,
      null,
    ],
    [
      'unverified chip disagrees, approved, papers',
      read('not-verified', 'mismatch'),
      ['approve', 'papers'],
      'documents-checked',
      [],
      true,
      'documents-checked',
    ],
    [
      'failed chip, papers',
      read('failed', 'match'),
      ['papers'],
      'DK_ERR_IDENTITY_APPROVAL_REQUIRED',
      ['manager-approval', 'read-chip'],
      false,
      null,
    ],
    ['unverified chip agrees, papers', read('not-verified', 'match'), ['papers'], 'documents-checked', [], true, 'documents-checked'],
  ])('%s → %s', async (_, chipRead, steps, shown, remedies, mayUnblock, recorded) => {
    const h = harness();
    await toChoose(h);
    if (chipRead) h.actor.send(chipRead);
    for (const step of steps) h.actor.send(stepEvent(step));
    const decision = careIdentityDecision(h.context());
    expect(decision.ok ? decision.check : decision.code).toBe(shown);
    expect(decision.ok ? [] : decision.remedies).toEqual(remedies);
    expect(careIdentityCheck(h.context()) ?? null).toBe(recorded);
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    expect(h.value()).toEqual(mayUnblock ? { unblock: 'insert' } : 'choose');
    if (!mayUnblock) expect(h.context().refused).not.toBeNull();
  });

  it('records the unblock as identified by the holder’s chip, and a new read replaces an approval of the one before', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send(read('not-verified', 'mismatch', 'read-1'));
    h.actor.send(stepEvent('approve'));
    expect(h.context().target?.evidence?.approval).toEqual({ chipReadId: 'read-1', approvedBy: 'manager.benthanh' });
    h.actor.send(read('verified', 'match', 'read-2'));
    expect(h.context().target?.evidence).toMatchObject({ chip: { readId: 'read-2', origin: 'counter' }, approval: null });
    h.actor.send({ type: 'unblock.chosen', reason: 'pin-blocked' });
    h.actor.send({ type: 'slots.changed', slots: [slot] });
    h.type(CANARY);
    h.type(CANARY);
    await flush();
    expect(h.calls.record.map((r) => r.record)).toEqual([{ kind: 'pin-unblocked', reason: 'pin-blocked', identityCheck: 'chip-matched' }]);
  });

  it('revokes on the holder’s agreeing chip, recording the holder asked and how they were identified', async () => {
    const h = harness();
    await toChoose(h);
    h.actor.send(read('verified', 'match'));
    h.actor.send({ type: 'revoke.chosen' });
    h.actor.send({ type: 'revoke.next' });
    h.actor.send({ type: 'revoke.confirm' });
    await flush();
    expect(h.calls.record.map((r) => r.record)).toEqual([
      { kind: 'revoked', reason: 'lost', certificateSerial: '5a1f0c', identityCheck: 'chip-matched', requestedBy: { kind: 'holder' } },
    ]);
  });

  it('forgets the read with the target: another token, or the search closed, needs the holder again', async () => {
    const h = harness({ found: [target, second] });
    await toChoose(h);
    h.actor.send({ type: 'target.picked', registrationId: target.registrationId });
    h.actor.send(read('verified', 'match'));
    h.actor.send({ type: 'care.close' });
    await toChoose(h);
    h.actor.send({ type: 'target.picked', registrationId: target.registrationId });
    expect(careIdentityDecision(h.context()).ok).toBe(false);
  });
});

describe('tokenCareMachine — generated paths', () => {
  function afterEvents(node: AnyStateNode): TokenCareEvent[] {
    const own = node.after.map((t) => ({ type: t.eventType }) as unknown as TokenCareEvent);
    return [...own, ...Object.values(node.states).flatMap((child) => afterEvents(child as AnyStateNode))];
  }
  // The invoked actors' answers, as the events XState sends for them (the graph runs no actor).
  const done = (id: string, output: unknown) => ({ type: `xstate.done.actor.${id}`, output }) as unknown as TokenCareEvent;
  const error = (id: string, code: string) => ({ type: `xstate.error.actor.${id}`, error: coded(code) }) as unknown as TokenCareEvent;
  const allEvents: TokenCareEvent[] = [
    { type: 'lookup.submitted', query: '079199012345' },
    { type: 'target.picked', registrationId: target.registrationId },
    { type: 'unblock.chosen', reason: 'pin-blocked' },
    { type: 'revoke.chosen' },
    { type: 'holder.checked' },
    {
      type: 'holder.read',
      readId: 'read-1',
      verdict: 'verified',
      fields: { idNumber: 'match', fullName: 'match', birthDate: 'match', sex: 'match' },
      cardExpiry: 'valid',
    },
    { type: 'authority.given', authority: 'Công an phường Bến Thành', documentRef: '123/CV-CAP' },
    { type: 'revoke.next' },
    { type: 'revoke.confirm' },
    { type: 'slots.changed', slots: [] },
    { type: 'slots.changed', slots: [slot] },
    ...[...CANARY].map((digit) => ({ type: 'pin.digit' as const, digit })),
    { type: 'pin.submit' },
    { type: 'pin.cancel' },
    { type: 'care.back' },
    { type: 'care.retry' },
    { type: 'care.abandon' },
    { type: 'care.close' },
    ...afterEvents(tokenCareMachine.root),
    done('findTokens', [target]),
    done('findTokens', []),
    done('findTokens', [target, second]),
    error('findTokens', 'DK_ERR_STORED_ROW_INVALID'),
    done('unblockToken', undefined),
    error('unblockToken', 'DK_ERR_TOKEN_PIN_LOCKED'),
    done('revokeCertificate', revocation),
    error('revokeCertificate', 'DK_ERR_CA_UNAVAILABLE'),
    done('recordCare', undefined),
    error('recordCare', 'DK_ERR_INTERNAL'),
  ];
  const machine = tokenCareMachine;

  const paths = getShortestPaths(machine, {
    events: allEvents,
    serializeState: (s) => {
      const fold = (pin: string | null) => (pin === null ? null : CANARY.startsWith(pin) ? pin.length : `x${pin.length}`);
      const c = s.context as TokenCareSnapshot['context'];
      return JSON.stringify([
        s.value,
        c.target?.registrationId ?? null,
        c.slot?.serial ?? null,
        fold(c.entry),
        fold(c.firstEntry),
        c.failure,
        c.record?.kind ?? null,
        c.slots.length,
        c.holderChecked,
        c.authority !== null,
      ]);
    },
  });
  const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));

  it('reach every state of the machine', () => {
    for (const leaf of [
      '"find"',
      '"finding"',
      '"notFound"',
      '"picking"',
      '"choose"',
      '{"unblock":"insert"}',
      '{"unblock":{"pin":"first"}}',
      '{"unblock":{"pin":"confirm"}}',
      '{"unblock":{"unblocking":"running"}}',
      '{"revoke":"form"}',
      '{"revoke":"confirm"}',
      '{"revoke":"revoking"}',
      '"recording"',
      '"done"',
      '"failed"',
    ]) {
      expect(reached, leaf).toContain(leaf);
    }
  });

  it('hold no PIN outside PIN entry, whatever the path', () => {
    for (const p of paths)
      if (!p.state.matches({ unblock: 'pin' })) expect(hasPin(p.state as TokenCareSnapshot), JSON.stringify(p.state.value)).toBe(false);
  });

  it('record only after the agent did it: an unblock after the PIN typed twice, a revocation after a confirmation', () => {
    for (const p of paths.filter((x) => x.state.matches('recording') || x.state.matches('done'))) {
      const types = p.steps.map((s) => s.event.type);
      const record = (p.state.context as TokenCareSnapshot['context']).record;
      if (record?.kind === 'pin-unblocked') {
        expect(types.filter((t) => t === 'pin.submit').length).toBeGreaterThanOrEqual(2);
        expect(types).toContain('xstate.done.actor.unblockToken');
      } else {
        expect(record?.kind).toBe('revoked');
        expect(types).toContain('revoke.confirm');
        expect(types).toContain('xstate.done.actor.revokeCertificate');
      }
    }
  });

  it('always carry a code and the failed step into failed', () => {
    for (const p of paths.filter((x) => x.state.matches('failed'))) {
      const failure = (p.state.context as TokenCareSnapshot['context']).failure;
      expect(failure?.code).toMatch(/^DK_ERR_/);
      expect(['lookup', 'unblock', 'revoke', 'record']).toContain(failure?.during);
    }
  });

  it('leave every failure both ways: retry and abandon', () => {
    const failedPaths = paths.filter((x) => x.state.matches('failed'));
    expect(failedPaths.length).toBeGreaterThan(3);
    for (const p of failedPaths) {
      for (const type of ['care.retry', 'care.abandon'] as const) {
        const [next] = transition(machine, p.state as TokenCareSnapshot, { type });
        expect(next.matches('failed'), `${JSON.stringify(p.state.context.failure)} + ${type}`).toBe(false);
      }
    }
  });
});
