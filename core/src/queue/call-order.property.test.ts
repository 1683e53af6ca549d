import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextTicket } from './call-order.ts';
import type { QueueCounter } from './desk.ts';
import type { QueueTicket } from './queue-ticket.ts';
import { testTicket } from './test-tickets.ts';

/**
 * A day of the waiting room as random steps — a citizen arrives (with or without priority) or a
 * counter calls next — under any priority share below 1 and any window: the call order keeps
 * each class first come first served, and nobody waits for ever behind the other class.
 */
const counter: QueueCounter = { counterId: 'c1', number: 1, services: ['token', 'remote', 'eid-level2'] };
const step = fc.oneof(fc.constant({ kind: 'call' as const }), fc.record({ kind: fc.constant('arrive' as const), priority: fc.boolean() }));

interface Played {
  called: QueueTicket[];
  /** Per ticket: calls made from the moment it was the oldest of its class to the moment it was called (itself included). */
  waitedCalls: Map<string, number>;
  /** Per ticket: tickets of the other class older than it, waiting when it became the oldest of its class. */
  olderOther: Map<string, number>;
  left: QueueTicket[];
}

function play(
  steps: readonly ({ kind: 'call' } | { kind: 'arrive'; priority: boolean })[],
  policy: { priorityShare: number; priorityWindow: number },
): Played {
  let waiting: QueueTicket[] = [];
  const called: QueueTicket[] = [];
  const recentCalls: boolean[] = [];
  const headSince = new Map<string, number>();
  const olderOther = new Map<string, number>();
  const waitedCalls = new Map<string, number>();
  let n = 0;
  const noteHeads = () => {
    for (const kind of [true, false]) {
      const head = waiting.filter((t) => t.priority === kind).sort((a, b) => a.queuedAt - b.queuedAt)[0];
      if (head && !headSince.has(head.registrationId)) {
        headSince.set(head.registrationId, called.length);
        olderOther.set(head.registrationId, waiting.filter((t) => t.priority !== kind && t.queuedAt < head.queuedAt).length);
      }
    }
  };
  for (const s of steps) {
    if (s.kind === 'arrive') {
      n += 1;
      waiting.push(testTicket(n, n, { priority: s.priority }));
    } else {
      const next = nextTicket({ tickets: waiting, counter, recentCalls, policy });
      if (!next) continue;
      called.push(next);
      recentCalls.push(next.priority);
      waiting = waiting.filter((t) => t !== next);
      waitedCalls.set(next.registrationId, called.length - headSince.get(next.registrationId)!);
    }
    noteHeads();
  }
  return { called, waitedCalls, olderOther, left: waiting };
}

const policies = fc.record({
  priorityShare: fc.double({ min: 0, max: 0.95, noNaN: true }),
  priorityWindow: fc.integer({ min: 1, max: 20 }),
});

describe('call order (properties)', () => {
  it('calls each class in arrival order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), policies, (steps, policy) => {
        const { called } = play(steps, policy);
        for (const kind of [true, false]) {
          const order = called.filter((t) => t.priority === kind).map((t) => t.queuedAt);
          expect(order).toEqual([...order].sort((a, b) => a - b));
        }
      }),
    );
  });

  it('starves nobody: the oldest of a class is called within the older tickets of the other class plus one window of calls', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), policies, (steps, policy) => {
        const { waitedCalls, olderOther } = play(steps, policy);
        for (const [id, calls] of waitedCalls) expect(calls).toBeLessThanOrEqual(olderOther.get(id)! + policy.priorityWindow + 1);
      }),
    );
  });

  it('calls somebody whenever somebody waits', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), policies, (steps, policy) => {
        const { left } = play([...steps, ...steps.map(() => ({ kind: 'call' as const }))], policy);
        expect(left).toEqual([]);
      }),
    );
  });
});
