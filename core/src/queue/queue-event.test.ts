import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/envelope.ts';
import { applyEvent } from '../events/fold-registration.ts';
import type { RegistrationState } from '../events/registration-state.ts';
import { uuidv7 } from '../events/uuidv7.ts';
import { foldOrThrow } from '../testing/fold-or-throw.ts';
import { eidService, registrationEvents, tokenService } from '../testing/registration-events.ts';
import type { QueueCounter } from './desk.ts';
import { queueEventProblem } from './queue-event.ts';
import { nextRegistration, queueTicketOf } from './registration-queue.ts';

/**
 * Transfer and park as registration events: core's queue actions decide them (the counter before
 * it writes, the server at ingest), the fold holds the ticket as they say, and "call next" then
 * leaves a transferred ticket to its target.
 */
const counters: QueueCounter[] = [
  { counterId: 'counter-1', number: 1, services: ['token', 'remote'] },
  { counterId: 'counter-2', number: 2, services: ['token'] },
  { counterId: 'counter-3', number: 3, services: ['eid-level2'] },
];
const policy = { noShowGraceMinutes: 15, priorityShare: 0.5, priorityWindow: 10 };
const ctx = { counters, policy };

function ticket(n = 1, service = tokenService) {
  const at = `2026-11-22T09:0${n}:00+07:00`;
  const e = registrationEvents({ at, registrationId: uuidv7({ now: Date.parse(at) }), deviceId: 'counter-1' });
  const transferred = (to: unknown, note?: string) =>
    e.event('registration.transferred', { ...e.by, counterId: 'counter-1', to, ...(note !== undefined ? { note } : {}) });
  const parked = (counterId = 'counter-1') => e.event('registration.parked', { ...e.by, counterId });
  const calledAt = (counterId: string) => e.event('registration.called', { ...e.by, counterId });
  return { e, transferred, parked, calledAt, called: foldOrThrow(e.submitted(service, { ticket: `A-00${n}` }), e.called()) };
}

const fold = (state: RegistrationState, event: DomainEvent): RegistrationState => {
  const r = applyEvent(state, event);
  if (!r.ok) throw new Error(r.code);
  return r.state;
};
const everyDesk = (counterId: string) => ({ counterId, services: counters.find((c) => c.counterId === counterId)!.services });

describe('transfer and park, decided by core’s queue actions', () => {
  it.each([
    ['to another counter of its desk', { counterId: 'counter-2' }, 'ok', null],
    ['to another desk some counter serves', { service: 'eid-level2' }, 'ok', null],
    ['with a 200-character note', { counterId: 'counter-2' }, 'x'.repeat(200), null],
    ['to the counter it is at', { counterId: 'counter-1' }, undefined, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
    ['to a counter the site does not have', { counterId: 'counter-9' }, undefined, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
    ['to a counter that does not serve its desk', { counterId: 'counter-3' }, undefined, 'DK_ERR_QUEUE_DESK_NOT_SERVED'],
    ['to its own desk', { service: 'token' }, undefined, 'DK_ERR_QUEUE_TRANSFER_TARGET'],
  ])('a transfer %s', (_name, to, note, code) => {
    const t = ticket();
    expect(queueEventProblem(t.called, t.transferred(to, note === 'ok' ? undefined : note), ctx)).toBe(code);
  });

  it('refuses a transfer or a park from a counter that did not call the ticket, and of a ticket not called', () => {
    const t = ticket();
    const fromOther = t.e.event('registration.transferred', { ...t.e.by, counterId: 'counter-2', to: { service: 'eid-level2' } });
    expect(queueEventProblem(t.called, fromOther, ctx)).toBe('DK_ERR_QUEUE_OTHER_COUNTER');
    expect(queueEventProblem(t.called, t.parked('counter-2'), ctx)).toBe('DK_ERR_QUEUE_OTHER_COUNTER');
    const waiting = foldOrThrow(t.e.submitted(tokenService));
    expect(queueEventProblem(waiting, t.parked(), ctx)).toBe('DK_ERR_QUEUE_NOT_CALLED');
    // The fold refuses the same structurally: no transfer of a ticket that is not called here.
    expect(applyEvent(waiting, t.transferred({ counterId: 'counter-2' })).ok).toBe(false);
  });

  it('a ticket transferred to a counter waits at its place, with the note, and only that counter calls it', () => {
    const t = ticket(1);
    const other = ticket(2).called;
    const moved = fold(t.called, t.transferred({ counterId: 'counter-2' }, '  thiếu bản sao CCCD '));
    expect(queueTicketOf(moved)).toMatchObject({ status: 'waiting', reservedFor: 'counter-2', transferNote: 'thiếu bản sao CCCD' });
    const waitingOther = { ...other, status: 'waiting' as const, counterId: null };
    expect(nextRegistration([moved, waitingOther], everyDesk('counter-1'), policy)?.registrationId).toBe(waitingOther.registrationId);
    expect(nextRegistration([moved, waitingOther], everyDesk('counter-2'), policy)?.registrationId).toBe(moved.registrationId);
    // Called by hand at another counter: refused; at its target: the hold is cleared.
    expect(queueEventProblem(moved, t.calledAt('counter-1'), ctx)).toBe('DK_ERR_QUEUE_RESERVED_ELSEWHERE');
    expect(queueEventProblem(moved, t.calledAt('counter-2'), ctx)).toBeNull();
    expect(fold(moved, t.calledAt('counter-2')).hold).toBeNull();
  });

  it('a ticket transferred to another desk is called by that desk’s counters only', () => {
    const t = ticket();
    const moved = fold(t.called, t.transferred({ service: 'eid-level2' }));
    expect(queueTicketOf(moved)).toMatchObject({ service: 'eid-level2', reservedFor: null });
    expect(nextRegistration([moved], everyDesk('counter-1'), policy)).toBeNull();
    expect(nextRegistration([moved], everyDesk('counter-3'), policy)?.registrationId).toBe(moved.registrationId);
    expect(queueEventProblem(moved, t.calledAt('counter-2'), ctx)).toBe('DK_ERR_QUEUE_DESK_NOT_SERVED');
  });

  it('a parked ticket is held for its counter: not taken by call next, called by hand there only', () => {
    const t = ticket();
    const held = fold(t.called, t.parked());
    expect(queueTicketOf(held)).toMatchObject({ status: 'parked', reservedFor: 'counter-1' });
    expect(nextRegistration([held], everyDesk('counter-1'), policy)).toBeNull();
    expect(queueEventProblem(held, t.calledAt('counter-2'), ctx)).toBe('DK_ERR_QUEUE_RESERVED_ELSEWHERE');
    expect(queueEventProblem(held, t.calledAt('counter-1'), ctx)).toBeNull();
  });

  it('a counter no one numbered serves every desk, and any desk a transfer may go to', () => {
    const t = ticket(1, eidService);
    const waiting = foldOrThrow(t.e.submitted(eidService));
    expect(queueEventProblem(waiting, t.calledAt('counter-new'), { counters: [], policy })).toBeNull();
    expect(queueEventProblem(waiting, t.calledAt('counter-2'), ctx)).toBe('DK_ERR_QUEUE_DESK_NOT_SERVED');
    expect(queueEventProblem(t.called, t.transferred({ service: 'token' }), { counters: [], policy })).toBeNull();
  });

  it('a note longer than 200 characters never reaches the fold: the envelope refuses it', () => {
    const t = ticket();
    expect(() => t.transferred({ counterId: 'counter-2' }, 'x'.repeat(201))).toThrow();
  });
});
