import { describe, expect, it } from 'vitest';
import { testTicket } from './test-tickets.ts';
import { peopleAhead } from './people-ahead.ts';
import { estimateWait, serviceTimeStats } from './wait-estimate.ts';

const t = testTicket;

describe('people ahead', () => {
  const mine = t(5, 5);
  it('counts older waiting tickets of the same desk only', () => {
    const tickets = [t(1, 1), t(2, 2, { service: 'remote' }), t(3, 3, { status: 'called' }), t(4, 4), mine, t(6, 6)];
    expect(peopleAhead(mine, tickets, { priorityShare: 0.5 })).toBe(2);
  });

  it('counts newer priority tickets the share lets through, and a priority ticket waits only for older priority ones', () => {
    const prio = [t(7, 7, { priority: true }), t(8, 8, { priority: true }), t(9, 9, { priority: true }), t(10, 10, { priority: true })];
    const tickets = [t(1, 1), mine, ...prio];
    // One older ticket: with a share of ½, up to (1 + 1) × 1 = 2 priority tickets go before mine.
    expect(peopleAhead(mine, tickets, { priorityShare: 0.5 })).toBe(1 + 2);
    expect(peopleAhead(mine, tickets, { priorityShare: 0 })).toBe(1);
    expect(peopleAhead(mine, tickets, { priorityShare: 1 })).toBe(1 + 4);
    expect(peopleAhead(prio[2]!, tickets, { priorityShare: 0.5 })).toBe(2);
  });
});

describe('estimated wait', () => {
  const measured = serviceTimeStats({ count: 20, sumSeconds: 20 * 300, sumSquares: 20 * (300 * 300 + 60 * 60) })!;

  it('keeps the mean and spread a projection sums up', () => {
    expect(measured.meanSeconds).toBeCloseTo(300);
    expect(measured.sdSeconds).toBeCloseTo(60);
    expect(serviceTimeStats({ count: 0, sumSeconds: 0, sumSquares: 0 })).toBeNull();
  });

  it('is a range rounded outward to 5 minutes, never a single number', () => {
    // 6 ahead, 2 counters, 5 min each: centre 6.5 × 5 / 2 = 16.25 min, spread √7 × 1 / 2 ≈ 1.3 min.
    expect(estimateWait({ ahead: 6, counters: 2, measured, usualServiceSeconds: 600 })).toEqual({
      kind: 'range',
      lowMinutes: 10,
      highMinutes: 20,
      basis: 'measured-today',
    });
  });

  it('with nobody ahead, says under 5 minutes', () => {
    expect(estimateWait({ ahead: 0, counters: 3, measured, usualServiceSeconds: 600 })).toMatchObject({ lowMinutes: 0, highMinutes: 5 });
  });

  it('before enough services were measured today, uses the usual time with a wider range', () => {
    const few = { count: 2, meanSeconds: 60, sdSeconds: 1 };
    const e = estimateWait({ ahead: 6, counters: 2, measured: few, usualServiceSeconds: 300 });
    expect(e).toMatchObject({ basis: 'usual' });
    if (e.kind !== 'range') throw new Error('range expected');
    expect(e.highMinutes - e.lowMinutes).toBeGreaterThan(10);
  });

  it('grows with the people ahead and shrinks with more counters', () => {
    const high = (ahead: number, counters: number) => {
      const e = estimateWait({ ahead, counters, measured, usualServiceSeconds: 600 });
      return e.kind === 'range' ? e.highMinutes : Infinity;
    };
    for (let a = 0; a < 40; a++) {
      expect(high(a + 1, 2)).toBeGreaterThanOrEqual(high(a, 2));
      expect(high(a, 3)).toBeLessThanOrEqual(high(a, 2));
    }
  });

  it('says so when no counter serves the desk', () => {
    expect(estimateWait({ ahead: 3, counters: 0, measured, usualServiceSeconds: 600 })).toEqual({ kind: 'no-counter' });
  });
});
