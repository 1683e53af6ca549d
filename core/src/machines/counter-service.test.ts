import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, fromPromise, getNextSnapshot, type AnyStateNode } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import { applyEvent, foldRegistration } from '../events/fold-registration.ts';
import type { RegistrationState } from '../events/registration-state.ts';
import { registrationEvents, type TestService } from '../testing/registration-events.ts';
import { defaultServiceRules } from '../gates/service-rules.ts';
import {
  identityCheckOf,
  COUNTER_DONE_LINGER_MS,
  COUNTER_IDLE_RESET_MS,
  COUNTER_IDLE_WARNING_MS,
  counterServiceMachine,
  outcomeProblem,
  type CallTicketInput,
  type CounterServiceEvent,
  type RecordMoveInput,
  type RecordNoShowInput,
  type RecordOutcomeInput,
} from './counter-service.ts';
import { DangkyError } from '../errors/dangky-error.ts';

/** A waiting registration as the fold makes it from its submission. */
const view = (service: TestService, ticket = 'A-001'): RegistrationState => {
  const { submitted } = registrationEvents({ registrationId: '019ab000-0000-7000-8000-000000000001' });
  const r = foldRegistration([submitted(service, { ticket })]);
  if (!r.ok) throw new Error(r.code);
  return r.state;
};

const tokenView = view({ kind: 'digital-signature', channel: 'token', providerId: 'vnpt' });
const chipView: RegistrationState = {
  ...tokenView,
  draft: { ...tokenView.draft, identity: { ...tokenView.draft.identity, source: 'chip', assurance: 'chip-verified' } },
};
/** A snapshot in which the clerk confirmed the identity at the counter. */
const confirmed = <S extends { context: { identityCheck: unknown } }>(snapshot: S): S => ({
  ...snapshot,
  context: { ...snapshot.context, identityCheck: 'documents-checked' },
});
/** The registration after the counter recorded a chip read (verified unless said) whose fields are as given (default: all match). */
function withChipRead(
  registration: RegistrationState,
  fields: Partial<Record<'idNumber' | 'fullName' | 'birthDate' | 'sex', 'match' | 'mismatch'>>,
  verdict: 'verified' | 'not-verified' = 'verified',
): RegistrationState {
  const { event, by } = registrationEvents({ registrationId: registration.registrationId });
  const read = event('identity.chip-read', {
    ...by,
    verdict,
    access: 'PACE',
    fields: { idNumber: 'match', fullName: 'match', birthDate: 'match', sex: 'match', ...fields },
    cardExpiry: 'valid',
    purpose: 'issuance',
  });
  const r = applyEvent({ ...registration, status: 'called' }, read);
  if (!r.ok) throw new Error(r.code);
  return r.state;
}
const remoteView = view({ kind: 'digital-signature', channel: 'remote', providerId: 'viettel' });
const eidView = view({ kind: 'eid-level2' });
const input = { operatorId: 'clerk.benthanh', counterId: 'counter-hcm-ben-thanh-1' };

/** The machine with in-memory actors that record what the app would have written. */
function harness(queue: RegistrationState[], options: { failRecord?: boolean } = {}) {
  const calls: CallTicketInput[] = [];
  const records: RecordOutcomeInput[] = [];
  const noShows: RecordNoShowInput[] = [];
  const moves: RecordMoveInput[] = [];
  const machine = counterServiceMachine.provide({
    actors: {
      callTicket: fromPromise<RegistrationState | null, CallTicketInput>(async ({ input: i }) => {
        calls.push(i);
        return (i.registrationId ? queue.find((r) => r.registrationId === i.registrationId) : queue[0]) ?? null;
      }),
      recordOutcome: fromPromise<void, RecordOutcomeInput>(async ({ input: i }) => {
        if (options.failRecord) throw Object.assign(new Error('disk full'), { code: 'DK_ERR_STORED_ROW_INVALID' });
        records.push(i);
      }),
      recordNoShow: fromPromise<void, RecordNoShowInput>(async ({ input: i }) => {
        if (options.failRecord) throw Object.assign(new Error('disk full'), { code: 'DK_ERR_STORED_ROW_INVALID' });
        noShows.push(i);
      }),
      recordMove: fromPromise<void, RecordMoveInput>(async ({ input: i }) => {
        if (options.failRecord) throw new DangkyError('DK_ERR_QUEUE_TRANSFER_TARGET');
        moves.push(i);
      }),
    },
  });
  const actor = createActor(machine, { input }).start();
  return { actor, calls, records, noShows, moves };
}

describe('counterServiceMachine — single transitions', () => {
  const at = (value: unknown, registration: RegistrationState | null = tokenView) =>
    counterServiceMachine.resolveState({
      value: value as never,
      context: {
        ...input,
        registration,
        outcome: null,
        identityCheck: identityCheckOf(registration),
        documentsChecked: false,
        holdings: null,
        rules: () => defaultServiceRules,
        queueEmpty: false,
        lastErrorCode: null,
      },
    });

  it('refuses an outcome that does not fit the service and says why', () => {
    const next = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }, eidView), {
      type: 'outcome.submitted',
      outcome: { kind: 'token-issued', tokenSerial: 'SN-0001' },
    });
    expect(next.value).toEqual({ serving: 'checking' });
    expect(next.context.lastErrorCode).toBe('DK_ERR_ILLEGAL_TRANSITION');
  });

  it('refuses a malformed token serial', () => {
    const next = getNextSnapshot(counterServiceMachine, confirmed(at({ serving: 'checking' })), {
      type: 'outcome.submitted',
      outcome: { kind: 'token-issued', tokenSerial: 'x' },
    });
    expect(next.context.lastErrorCode).toBe('DK_ERR_TOKEN_SERIAL_INVALID');
    expect(next.value).toEqual({ serving: 'checking' });
  });

  it('accepts the outcome each service allows', () => {
    for (const [registration, outcome] of [
      [tokenView, { kind: 'token-issued', tokenSerial: 'SN-0001' }],
      [remoteView, { kind: 'remote-activated' }],
      [eidView, { kind: 'eid-level2-handed-over' }],
    ] as const) {
      expect(outcomeProblem(registration, outcome, 'documents-checked')).toBeNull();
      const next = getNextSnapshot(counterServiceMachine, confirmed(at({ serving: 'checking' }, registration)), {
        type: 'outcome.submitted',
        outcome,
      });
      expect(next.value).toBe('recording');
    }
  });

  // A signature key must belong to its holder: a token is issued only to a chip-verified identity
  // or one the clerk confirmed at the counter.
  it('refuses a token for an identity nobody vouched for, and says why', () => {
    const next = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }), {
      type: 'outcome.submitted',
      outcome: { kind: 'token-issued', tokenSerial: 'SN-0001' },
    });
    expect(next.value).toEqual({ serving: 'checking' });
    expect(next.context.lastErrorCode).toBe('DK_ERR_TOKEN_IDENTITY_UNCONFIRMED');
  });

  it.each([
    ['the clerk compared the documents', tokenView, { type: 'identity.confirmed', check: 'documents-checked' }, 'documents-checked'],
    [
      'the counter chip read matched',
      tokenView,
      { type: 'registration.changed', registration: withChipRead(tokenView, {}) },
      'chip-matched',
    ],
    [
      'the kiosk chip read verified, whatever the clerk adds',
      chipView,
      { type: 'identity.confirmed', check: 'documents-checked' },
      'chip-verified',
    ],
  ] as const)('issues when %s, and records how on the outcome', (_, registration, confirm, check) => {
    const checking = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }, registration), { type: 'activity.seen' });
    const withCheck = getNextSnapshot(
      counterServiceMachine,
      { ...checking, context: { ...checking.context, identityCheck: identityCheckOf(registration) } } as typeof checking,
      confirm,
    );
    const next = getNextSnapshot(counterServiceMachine, withCheck, {
      type: 'outcome.submitted',
      outcome: { kind: 'token-issued', tokenSerial: 'SN-0001' },
    });
    expect(next.value).toBe('recording');
    expect(next.context.outcome).toEqual({ kind: 'token-issued', tokenSerial: 'SN-0001', identityCheck: check });
  });

  // A genuine chip that contradicts the registration cannot be talked past: not by the papers,
  // not for a remote signature either; correcting the registration from that chip lets it through.
  it('blocks a signature against a verified chip that disagrees, whatever the clerk says, until corrected from the chip', () => {
    for (const registration of [tokenView, remoteView]) {
      const outcome =
        registration === tokenView ? { kind: 'token-issued' as const, tokenSerial: 'SN-0001' } : { kind: 'remote-activated' as const };
      const mismatched = withChipRead(registration, { fullName: 'mismatch', birthDate: 'mismatch' });
      let s = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }, registration), {
        type: 'registration.changed',
        registration: mismatched,
      });
      s = getNextSnapshot(counterServiceMachine, s, { type: 'identity.confirmed', check: 'documents-checked' });
      expect(s.context.identityCheck).toBeNull();
      s = getNextSnapshot(counterServiceMachine, s, { type: 'outcome.submitted', outcome });
      expect([s.value, s.context.lastErrorCode]).toEqual([{ serving: 'checking' }, 'DK_ERR_IDENTITY_CHIP_MISMATCH']);

      const { event, by } = registrationEvents({ registrationId: registration.registrationId });
      const chipReadId = mismatched.evidence!.chip!.readId!;
      const corrected = applyEvent(
        mismatched,
        event('registration.corrected', {
          ...by,
          changes: { fullName: 'Trần Văn Bình', birthDate: '1988-01-02' },
          source: 'chip',
          chipReadId,
          reason: 'chip-values',
        }),
      );
      if (!corrected.ok) throw new Error(corrected.code);
      s = getNextSnapshot(counterServiceMachine, s, { type: 'registration.changed', registration: corrected.state });
      expect(s.context.identityCheck).toBe('chip-matched');
      s = getNextSnapshot(counterServiceMachine, s, { type: 'outcome.submitted', outcome });
      expect(s.value).toBe('recording');
      expect(s.context.outcome).toEqual({ ...outcome, identityCheck: 'chip-matched' });
    }
  });

  it('asks for a manager when a chip that could not be verified disagrees, and the papers alone do not do', () => {
    const unverified = withChipRead(tokenView, { fullName: 'mismatch' }, 'not-verified');
    let s = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }), { type: 'registration.changed', registration: unverified });
    s = getNextSnapshot(counterServiceMachine, s, { type: 'identity.confirmed', check: 'documents-checked' });
    s = getNextSnapshot(counterServiceMachine, s, { type: 'outcome.submitted', outcome: { kind: 'token-issued', tokenSerial: 'SN-0001' } });
    expect(s.context.lastErrorCode).toBe('DK_ERR_IDENTITY_APPROVAL_REQUIRED');
  });

  it('undoes the papers check when the registration changes, and ignores another registration', () => {
    let s = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }), { type: 'identity.confirmed', check: 'documents-checked' });
    expect(s.context.identityCheck).toBe('documents-checked');
    s = getNextSnapshot(counterServiceMachine, s, {
      type: 'registration.changed',
      registration: { ...remoteView, registrationId: 'other' },
    });
    expect(s.context.registration).toBe(tokenView);
    s = getNextSnapshot(counterServiceMachine, s, {
      type: 'registration.changed',
      registration: { ...tokenView, version: tokenView.version + 1 },
    });
    expect([s.context.documentsChecked, s.context.identityCheck]).toEqual([false, null]);
  });

  // One free certificate per citizen: what the server says the citizen holds decides, revoked and expired ones aside.
  it.each([
    ['an active certificate', { revoked: false, issuedAt: '2026-11-01T02:00:00.000Z' }, 'DK_ERR_CERTIFICATE_ALREADY_HELD'],
    ['a revoked certificate', { revoked: true, issuedAt: '2026-11-01T02:00:00.000Z' }, null],
    ['an expired certificate', { revoked: false, issuedAt: '2025-01-01T02:00:00.000Z' }, null],
  ] as const)('with %s the counter says %s before a signature', (_, held, code) => {
    const holding = {
      registrationId: '019ab000-0000-7000-8000-0000000000ff',
      siteId: 'hcm-ben-thanh',
      kind: 'certificate' as const,
      channel: 'token' as const,
      providerId: 'vnpt',
      tokenSerial: 'a1b2c3d4e5f60718',
      certificateSerial: '01AB',
      notAfter: null,
      eidResult: null,
      ...held,
    };
    for (const [registration, outcome] of [
      [tokenView, { kind: 'token-issued', tokenSerial: 'SN-0002' }],
      [remoteView, { kind: 'remote-activated' }],
    ] as const) {
      let s = confirmed(at({ serving: 'checking' }, registration));
      s = getNextSnapshot(counterServiceMachine, s, {
        type: 'holdings.known',
        registrationId: registration.registrationId,
        at: '2026-11-29T02:00:00.000Z',
        holdings: [holding],
      });
      s = getNextSnapshot(counterServiceMachine, s, { type: 'outcome.submitted', outcome });
      expect(s.context.lastErrorCode).toBe(code);
      expect(s.value).toEqual(code ? { serving: 'checking' } : 'recording');
    }
  });

  it('cancels from the called state with a reason', () => {
    const next = getNextSnapshot(counterServiceMachine, at({ serving: 'called' }), { type: 'registration.cancel', reason: 'card-problem' });
    expect(next.value).toBe('recording');
    expect(next.context.outcome).toEqual({ kind: 'cancelled', reason: 'card-problem' });
  });

  // Queue actions forgive: "citizen left" is not one click away from a citizen who stepped out.
  it('records "citizen left" only when the clerk confirmed it, as the server’s gate asks', () => {
    const early = getNextSnapshot(counterServiceMachine, at({ serving: 'called' }), {
      type: 'registration.cancel',
      reason: 'citizen-left',
    });
    expect([early.value, early.context.outcome, early.context.lastErrorCode]).toEqual([
      { serving: 'called' },
      null,
      'DK_ERR_CANCEL_TOO_EARLY',
    ]);
    const confirmedCancel = getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }), {
      type: 'registration.cancel',
      reason: 'citizen-left',
      confirmed: true,
    });
    expect(confirmedCancel.value).toBe('recording');
    expect(confirmedCancel.context.outcome).toEqual({ kind: 'cancelled', reason: 'citizen-left', confirmed: true });
  });

  it('marks a called citizen who did not come as absent, not from the identity check', () => {
    expect(getNextSnapshot(counterServiceMachine, at({ serving: 'called' }), { type: 'citizen.absent' }).value).toBe('markingAbsent');
    expect(getNextSnapshot(counterServiceMachine, at({ serving: 'checking' }), { type: 'citizen.absent' }).value).toEqual({
      serving: 'checking',
    });
  });
});

describe('counterServiceMachine — flows with fake time', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls the next ticket, records a token issuance, and frees the counter', async () => {
    const { actor, calls, records } = harness([tokenView]);
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ serving: 'called' });
    expect(calls).toEqual([{ registrationId: null, ...input }]);
    actor.send({ type: 'citizen.arrived' });
    actor.send({ type: 'identity.confirmed', check: 'documents-checked' });
    actor.send({ type: 'outcome.submitted', outcome: { kind: 'token-issued', tokenSerial: 'SN-0001' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('done');
    expect(records).toEqual([
      {
        registration: tokenView,
        outcome: { kind: 'token-issued', tokenSerial: 'SN-0001', identityCheck: 'documents-checked' },
        operatorId: 'clerk.benthanh',
      },
    ]);
    await vi.advanceTimersByTimeAsync(COUNTER_DONE_LINGER_MS);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.registration).toBeNull();
  });

  it('calls a chosen ticket', async () => {
    const other = { ...remoteView, registrationId: '019ab000-0000-7000-8000-000000000002' };
    const { actor, calls } = harness([tokenView, other]);
    actor.send({ type: 'ticket.call', registrationId: other.registrationId });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls[0]?.registrationId).toBe(other.registrationId);
    expect(actor.getSnapshot().context.registration).toBe(other);
  });

  it('says so when the queue is empty', async () => {
    const { actor } = harness([]);
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.queueEmpty).toBe(true);
  });

  it('warns when idle, resumes on activity, and wipes the citizen on reset', async () => {
    const { actor } = harness([eidView]);
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'citizen.arrived' });
    await vi.advanceTimersByTimeAsync(COUNTER_IDLE_WARNING_MS - 1);
    actor.send({ type: 'activity.seen' }); // restarts the timer
    await vi.advanceTimersByTimeAsync(COUNTER_IDLE_WARNING_MS - 1);
    expect(actor.getSnapshot().value).toEqual({ serving: 'checking' });
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().value).toBe('idleWarning');
    actor.send({ type: 'activity.seen' });
    expect(actor.getSnapshot().value).toEqual({ serving: 'checking' });
    expect(actor.getSnapshot().context.registration).toBe(eidView);
    await vi.advanceTimersByTimeAsync(COUNTER_IDLE_WARNING_MS + COUNTER_IDLE_RESET_MS);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.registration).toBeNull();
  });

  it('records "not here" with the clerk and counter, and frees the counter for the next citizen', async () => {
    const { actor, noShows, records } = harness([eidView]);
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'citizen.absent' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.registration).toBeNull();
    expect(noShows).toEqual([{ registration: eidView, ...input }]);
    expect(records).toEqual([]);
  });

  it('transfers the citizen being checked with the clerk, counter and note, and frees the counter', async () => {
    const { actor, moves, records } = harness([tokenView]);
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'citizen.arrived' });
    const move = { kind: 'transfer' as const, to: { counterId: 'counter-2' }, note: 'thiếu bản sao' };
    actor.send({ type: 'ticket.move', move });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toBe('idle');
    expect(actor.getSnapshot().context.registration).toBeNull();
    expect(moves).toEqual([{ registration: tokenView, ...input, move }]);
    expect(records).toEqual([]);
  });

  it('stays where it was with the refusal when a transfer or park is refused', async () => {
    const { actor } = harness([tokenView], { failRecord: true });
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'citizen.arrived' });
    actor.send({ type: 'ticket.move', move: { kind: 'park' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ serving: 'checking' });
    expect(actor.getSnapshot().context.lastErrorCode).toBe('DK_ERR_QUEUE_TRANSFER_TARGET');
  });

  it('stays with the called citizen and says why when "not here" cannot be written', async () => {
    const { actor } = harness([eidView], { failRecord: true });
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'citizen.absent' });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ serving: 'called' });
    expect(actor.getSnapshot().context.lastErrorCode).toBe('DK_ERR_STORED_ROW_INVALID');
  });

  it('returns to checking with the error code when recording fails', async () => {
    const { actor } = harness([remoteView], { failRecord: true });
    actor.send({ type: 'ticket.callNext' });
    await vi.advanceTimersByTimeAsync(0);
    actor.send({ type: 'citizen.arrived' });
    actor.send({ type: 'identity.confirmed', check: 'documents-checked' });
    actor.send({ type: 'outcome.submitted', outcome: { kind: 'remote-activated' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(actor.getSnapshot().value).toEqual({ serving: 'checking' });
    expect(actor.getSnapshot().context.lastErrorCode).toBe('DK_ERR_STORED_ROW_INVALID');
  });
});

describe('counterServiceMachine — generated paths', () => {
  /** Every delayed transition's event, read from the machine so a new `after` is covered too. */
  function afterEvents(node: AnyStateNode): CounterServiceEvent[] {
    const own = node.after.map((t) => ({ type: t.eventType }) as unknown as CounterServiceEvent);
    return [...own, ...Object.values(node.states).flatMap((child) => afterEvents(child as AnyStateNode))];
  }

  const events = [
    { type: 'ticket.callNext' },
    { type: 'ticket.call', registrationId: remoteView.registrationId },
    { type: 'xstate.done.actor.callTicket', output: tokenView },
    { type: 'xstate.done.actor.callTicket', output: null },
    { type: 'xstate.error.actor.callTicket', error: { code: 'DK_ERR_NETWORK' } },
    { type: 'citizen.arrived' },
    { type: 'citizen.absent' },
    { type: 'xstate.done.actor.recordNoShow' },
    { type: 'xstate.error.actor.recordNoShow', error: new Error('x') },
    { type: 'ticket.move', move: { kind: 'park' } },
    { type: 'xstate.done.actor.recordMove' },
    { type: 'xstate.error.actor.recordMove', error: new Error('x') },
    { type: 'identity.confirmed', check: 'documents-checked' },
    { type: 'outcome.submitted', outcome: { kind: 'token-issued', tokenSerial: 'SN-0001' } },
    { type: 'registration.cancel', reason: 'identity-mismatch' },
    { type: 'xstate.done.actor.recordOutcome' },
    { type: 'xstate.error.actor.recordOutcome', error: new Error('x') },
    { type: 'activity.seen' },
    { type: 'service.finished' },
    ...afterEvents(counterServiceMachine.root),
  ] as unknown as CounterServiceEvent[];

  const paths = getShortestPaths(counterServiceMachine, {
    input,
    events,
    serializeState: (s) => JSON.stringify([s.value, s.context.registration?.registrationId ?? null, s.context.outcome?.kind ?? null]),
  });
  const reached = new Set(paths.map((p) => JSON.stringify(p.state.value)));

  it('reach every state of the machine', () => {
    const leaves = [
      '"idle"',
      '"calling"',
      '{"serving":"called"}',
      '{"serving":"checking"}',
      '"markingAbsent"',
      '"moving"',
      '"idleWarning"',
      '"recording"',
      '"done"',
    ];
    for (const leaf of leaves) expect(reached, leaf).toContain(leaf);
  });

  it('never hold a citizen (or their identity check) in idle, whatever the path', () => {
    for (const p of paths)
      if (p.state.matches('idle')) expect([p.state.context.registration, p.state.context.identityCheck]).toEqual([null, null]);
  });

  it('record a token only on a path where the identity was confirmed first', () => {
    for (const p of paths) {
      if (p.state.context.outcome?.kind !== 'token-issued') continue;
      expect(p.steps.map((s) => s.event.type)).toContain('identity.confirmed');
    }
  });

  it('include the cancel path', () => {
    const cancelled = paths.find((p) => p.state.matches('recording') && p.state.context.outcome?.kind === 'cancelled');
    expect(cancelled?.steps.map((s) => s.event.type)).toContain('registration.cancel');
  });

  it('reach idle from the idle warning by the reset, with the citizen wiped', () => {
    const warning = paths.find((p) => p.state.matches('idleWarning'))!.state;
    expect(warning.context.registration).not.toBeNull();
    const fromWarning = getShortestPaths(counterServiceMachine, { input, events, fromState: warning });
    const toIdle = fromWarning.find((p) => p.state.matches('idle'))!;
    expect(toIdle.steps.at(-1)?.event.type).toMatch(/^xstate\.after\.idleReset\./);
    expect(toIdle.state.context.registration).toBeNull();
  });
});
