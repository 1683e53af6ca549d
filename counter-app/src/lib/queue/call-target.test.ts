import { describe, expect, it } from 'vitest';
import { uuidv7, type RegistrationState } from '@dangky/core/events';
import { defaultServiceRules, type ServiceRules } from '@dangky/core/gates';
import { applyOrThrow, eidService, foldOrThrow, registrationEvents, tokenService } from '@dangky/core/testing';
import { deskServices, type DeskService } from '@dangky/core/queue';
import { callTarget } from './call-target.ts';

/** Ticket A-00n submitted at 09:mm, with or without priority; `calledAt`: called at 10:mm. */
function reg(n: number, minute: number, more: { priority?: boolean; calledAt?: number; eid?: boolean } = {}): RegistrationState {
  const at = `2026-11-22T09:${String(minute).padStart(2, '0')}:00+07:00`;
  const e = registrationEvents({ at, registrationId: uuidv7({ now: Date.parse(at) + n }) });
  const state = foldOrThrow(e.submitted(more.eid ? eidService : tokenService, { ticket: `A-00${n}`, priority: more.priority }));
  if (more.calledAt === undefined) return state;
  const later = registrationEvents({
    at: `2026-11-22T10:${String(more.calledAt).padStart(2, '0')}:00+07:00`,
    registrationId: state.registrationId,
  });
  return applyOrThrow(state, later.called());
}

const rules = (priorityShare: number, priorityWindow = 3): ServiceRules => ({
  ...defaultServiceRules,
  queue: { ...defaultServiceRules.queue, priorityShare, priorityWindow },
});
const everyDesk = { counterId: 'counter-1', services: [...deskServices] };
const next = (views: RegistrationState[], r: ServiceRules, services: DeskService[] = [...deskServices]) =>
  callTarget(views, { registrationId: null, counter: { counterId: 'counter-1', services } }, r)?.draft.ticket.number;

describe("the counter's call next", () => {
  it('takes a priority ticket before older tickets, within the share the server sent', () => {
    const views = [reg(1, 1), reg(2, 2), reg(3, 5, { priority: true })];
    expect(next(views, rules(0.5))).toBe('A-003');
    // A share of 0: priority tickets wait their turn.
    expect(next(views, rules(0))).toBe('A-001');
  });

  it('takes the oldest once priority tickets had their share of the recent calls', () => {
    const calledPriority = [reg(7, 0, { priority: true, calledAt: 1 }), reg(8, 0, { priority: true, calledAt: 2 })];
    expect(next([reg(1, 1), reg(3, 5, { priority: true }), ...calledPriority], rules(0.5))).toBe('A-001');
  });

  it('takes only tickets of the desks this counter serves, priority first among them', () => {
    const views = [reg(1, 1, { eid: true }), reg(2, 2), reg(3, 5, { priority: true, eid: true })];
    expect(next(views, rules(0.5), ['token'])).toBe('A-002');
    expect(next(views, rules(0.5), ['eid-level2'])).toBe('A-003');
    expect(next(views, rules(0.5), ['remote'])).toBeUndefined();
  });

  it('calls the ticket the clerk picked while it waits or is called, and nothing else', () => {
    const [a, b] = [reg(1, 1), reg(2, 2, { calledAt: 3 })];
    expect(callTarget([a, b], { registrationId: b.registrationId, counter: everyDesk }, rules(0.5))).toBe(b);
    expect(callTarget([a], { registrationId: 'gone', counter: everyDesk }, rules(0.5))).toBeNull();
  });
});
