import { describe, expect, it } from 'vitest';
import type { RegistrationState } from '../events/registration-state.ts';
import { uuidv7 } from '../events/uuidv7.ts';
import { applyOrThrow, foldOrThrow } from '../testing/fold-or-throw.ts';
import { eidService, registrationEvents, tokenService } from '../testing/registration-events.ts';
import { nextRegistration, queueTicketOf, recentCallsOf } from './registration-queue.ts';
import { counterSeat, counterSettingProblem, deskServices, type QueueCounter } from './desk.ts';

const policy = { priorityShare: 0.5, priorityWindow: 4 };
const everyDesk = { counterId: 'counter-1', services: [...deskServices] };

/** Ticket A-00n submitted at 09:mm (Ho Chi Minh), with or without priority; `calledAt` calls it at 10:mm. */
function reg(n: number, minute: number, options: { priority?: boolean; calledAt?: number; eid?: boolean } = {}): RegistrationState {
  const mm = String(minute).padStart(2, '0');
  const at = `2026-11-22T09:${mm}:00+07:00`;
  const e = registrationEvents({ at, registrationId: uuidv7({ now: Date.parse(at) + n }) });
  const state = foldOrThrow(
    e.submitted(options.eid ? eidService : tokenService, { ticket: `A-${String(n).padStart(3, '0')}`, priority: options.priority }),
  );
  if (options.calledAt === undefined) return state;
  const called = registrationEvents({
    at: `2026-11-22T10:${String(options.calledAt).padStart(2, '0')}:00+07:00`,
    registrationId: state.registrationId,
  });
  return applyOrThrow(state, called.called());
}

const ticketOf = (s: RegistrationState | null) => s?.draft.ticket.number ?? null;

describe('call next on the registrations a counter holds', () => {
  it.each([
    { name: 'the oldest when nobody asked for priority', regs: [reg(2, 5), reg(1, 1), reg(3, 9)], next: 'A-001' },
    {
      name: 'a newer priority ticket before older ones while the share allows',
      regs: [reg(1, 1), reg(2, 5, { priority: true })],
      next: 'A-002',
    },
    {
      name: 'the oldest once priority tickets had their share of the recent calls',
      regs: [
        reg(1, 1),
        reg(2, 5, { priority: true }),
        reg(8, 0, { priority: true, calledAt: 1 }),
        reg(9, 0, { priority: true, calledAt: 2 }),
      ],
      next: 'A-001',
    },
    {
      name: 'a priority ticket again after normal calls brought the share down',
      regs: [
        reg(1, 1),
        reg(2, 5, { priority: true }),
        reg(7, 0, { priority: true, calledAt: 1 }),
        reg(8, 0, { calledAt: 2 }),
        reg(9, 0, { calledAt: 3 }),
      ],
      next: 'A-002',
    },
    {
      name: 'priority tickets first come first served among themselves',
      regs: [reg(3, 7, { priority: true }), reg(2, 6, { priority: true }), reg(1, 1)],
      next: 'A-002',
    },
    { name: 'nobody when nobody waits', regs: [reg(1, 1, { calledAt: 2 })], next: null },
    { name: 'any desk: this counter serves them all', regs: [reg(1, 1, { eid: true }), reg(2, 2)], next: 'A-001' },
  ])('takes $name', ({ regs, next }) => {
    expect(ticketOf(nextRegistration(regs, everyDesk, policy))).toBe(next);
  });

  it('with share 0, priority tickets wait their turn', () => {
    expect(ticketOf(nextRegistration([reg(1, 1), reg(2, 5, { priority: true })], everyDesk, { ...policy, priorityShare: 0 }))).toBe(
      'A-001',
    );
  });

  it.each([
    { name: 'the token desk skips an older e-ID ticket', services: ['token'] as const, next: 'A-002' },
    { name: 'the e-ID desk takes only the e-ID ticket', services: ['eid-level2'] as const, next: 'A-001' },
    { name: 'the remote desk takes nobody here', services: ['remote'] as const, next: null },
  ])('at a counter of its desks only: $name', ({ services, next }) => {
    const regs = [reg(1, 1, { eid: true }), reg(2, 2)];
    expect(ticketOf(nextRegistration(regs, { counterId: 'counter-2', services: [...services] }, policy))).toBe(next);
  });
});

describe('counters with numbers and desks', () => {
  const site: QueueCounter[] = [
    { counterId: 'counter-1', number: 1, services: ['token'] },
    { counterId: 'counter-2', number: 2, services: ['remote', 'eid-level2'] },
  ];

  it('finds a numbered counter, and lets one not numbered yet serve every desk with no number', () => {
    expect(counterSeat(site, 'counter-2')).toEqual(site[1]);
    expect(counterSeat(site, 'counter-9')).toEqual({ counterId: 'counter-9', number: null, services: ['token', 'remote', 'eid-level2'] });
  });

  it.each([
    { name: 'a free number', raw: { number: 3, services: ['token'] }, id: 'counter-9', code: null },
    { name: 'its own number again', raw: { number: 1, services: ['remote'] }, id: 'counter-1', code: null },
    { name: 'another counter’s number', raw: { number: 2, services: ['token'] }, id: 'counter-1', code: 'DK_ERR_COUNTER_NUMBER_TAKEN' },
    { name: 'number 0', raw: { number: 0, services: ['token'] }, id: 'counter-9', code: 'DK_ERR_COUNTER_SETTING_INVALID' },
    { name: 'number 1000', raw: { number: 1000, services: ['token'] }, id: 'counter-9', code: 'DK_ERR_COUNTER_SETTING_INVALID' },
    { name: 'a fraction', raw: { number: 2.5, services: ['token'] }, id: 'counter-9', code: 'DK_ERR_COUNTER_SETTING_INVALID' },
    { name: 'no desk', raw: { number: 4, services: [] }, id: 'counter-9', code: 'DK_ERR_COUNTER_SETTING_INVALID' },
    { name: 'a desk twice', raw: { number: 4, services: ['token', 'token'] }, id: 'counter-9', code: 'DK_ERR_COUNTER_SETTING_INVALID' },
    { name: 'an unknown desk', raw: { number: 4, services: ['passport'] }, id: 'counter-9', code: 'DK_ERR_COUNTER_SETTING_INVALID' },
  ])('judges $name', ({ raw, id, code }) => {
    expect(counterSettingProblem(raw, id, site)).toBe(code);
  });

  it('reads the priority from the submission (absent = none) and the calls in the order they were made', () => {
    expect(queueTicketOf(reg(1, 1)).priority).toBe(false);
    expect(queueTicketOf(reg(1, 1, { priority: true }))).toMatchObject({ priority: true, status: 'waiting', service: 'token' });
    expect(recentCallsOf([reg(1, 0, { priority: true, calledAt: 9 }), reg(2, 0, { calledAt: 3 }), reg(3, 4)])).toEqual([false, true]);
  });
});
