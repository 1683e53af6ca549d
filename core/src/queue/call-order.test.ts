import { describe, expect, it } from 'vitest';
import { nextTicket, priorityTurn } from './call-order.ts';
import type { QueueCounter } from './desk.ts';
import type { QueueTicket } from './queue-ticket.ts';
import { TEST_DAY_START as T0, testTicket } from './test-tickets.ts';

const counter: QueueCounter = { counterId: 'c1', number: 1, services: ['token', 'remote'] };
const policy = { priorityShare: 0.5, priorityWindow: 10 };

let n = 0;
const ticket = ({ minute, ...rest }: Partial<QueueTicket> & { minute: number }): QueueTicket => testTicket(++n, minute, rest);

describe('call next', () => {
  it('takes the oldest ticket of a desk the counter serves', () => {
    const tickets = [ticket({ minute: 3 }), ticket({ minute: 1, service: 'eid-level2' }), ticket({ minute: 2, service: 'remote' })];
    expect(nextTicket({ tickets, counter, recentCalls: [], policy })?.service).toBe('remote');
  });

  it('returns null when nothing this counter serves waits', () => {
    const tickets = [ticket({ minute: 1, service: 'eid-level2' })];
    expect(nextTicket({ tickets, counter, recentCalls: [], policy })).toBeNull();
  });

  it.each([
    ['parked', { status: 'parked' as const }],
    ['called', { status: 'called' as const, counterId: 'c2' }],
    ['no-show', { status: 'no-show' as const, counterId: 'c2', noShowAt: T0 }],
    ['done', { status: 'done' as const }],
    ['reserved for another counter', { reservedFor: 'c2' }],
  ])('skips a ticket that is %s', (_, fields) => {
    const skipped = ticket({ minute: 1, ...fields });
    const next = ticket({ minute: 5 });
    expect(nextTicket({ tickets: [skipped, next], counter, recentCalls: [], policy })?.registrationId).toBe(next.registrationId);
  });

  it('takes a ticket transferred to this counter before older ones', () => {
    const older = ticket({ minute: 1 });
    const sentHere = ticket({ minute: 9, reservedFor: 'c1' });
    expect(nextTicket({ tickets: [older, sentHere], counter, recentCalls: [], policy })?.registrationId).toBe(sentHere.registrationId);
  });

  it('calls a newer priority ticket first while priority calls are under the share', () => {
    const older = ticket({ minute: 1 });
    const prio = ticket({ minute: 8, priority: true });
    expect(nextTicket({ tickets: [older, prio], counter, recentCalls: [false, false, true], policy })?.registrationId).toBe(
      prio.registrationId,
    );
    // At the share (half of the recent calls were priority), the oldest goes.
    expect(nextTicket({ tickets: [older, prio], counter, recentCalls: [false, true], policy })?.registrationId).toBe(older.registrationId);
  });

  it('with share 0, priority tickets wait their turn; with share 1, they always go first', () => {
    const older = ticket({ minute: 1 });
    const prio = ticket({ minute: 8, priority: true });
    const all = [true, true, true];
    expect(nextTicket({ tickets: [older, prio], counter, recentCalls: [], policy: { ...policy, priorityShare: 0 } })?.registrationId).toBe(
      older.registrationId,
    );
    expect(nextTicket({ tickets: [older, prio], counter, recentCalls: all, policy: { ...policy, priorityShare: 1 } })?.registrationId).toBe(
      prio.registrationId,
    );
  });

  it('an older priority ticket goes first even out of turn', () => {
    const prio = ticket({ minute: 1, priority: true });
    const newer = ticket({ minute: 2 });
    expect(nextTicket({ tickets: [newer, prio], counter, recentCalls: [true, true], policy })?.registrationId).toBe(prio.registrationId);
  });

  it('over a long queue, the share of priority calls stays at the configured share', () => {
    for (const share of [0.25, 0.5, 0.75]) {
      let tickets = [
        ...Array.from({ length: 100 }, (_, i) => ticket({ minute: i })),
        ...Array.from({ length: 100 }, (_, i) => ticket({ minute: 200 + i, priority: true })),
      ];
      const calls: boolean[] = [];
      for (let i = 0; i < 80; i++) {
        const next = nextTicket({ tickets, counter, recentCalls: calls, policy: { priorityShare: share, priorityWindow: 20 } })!;
        calls.push(next.priority);
        tickets = tickets.filter((t) => t !== next);
      }
      const priorityShare = calls.filter(Boolean).length / calls.length;
      expect(Math.abs(priorityShare - share)).toBeLessThanOrEqual(0.05);
    }
  });

  it('the priority turn is measured over the window only', () => {
    expect(priorityTurn([true, true, true, false, false], { priorityShare: 0.5, priorityWindow: 2 })).toBe(true);
    expect(priorityTurn([false, false, false, true, true], { priorityShare: 0.5, priorityWindow: 2 })).toBe(false);
  });
});
