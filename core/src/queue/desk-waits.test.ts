import { describe, expect, it } from 'vitest';
import { deskWaits } from './desk-waits.ts';
import { estimateWait } from './wait-estimate.ts';

describe('deskWaits', () => {
  const waiting = [
    { desk: 'token', count: 4 },
    { desk: 'eid-level2', count: 2 },
  ] as const;

  it("gives each desk the kiosk's estimate over the counters that serve it now", () => {
    const waits = deskWaits({
      waiting,
      activeCounters: [
        { counterId: 'c1', services: ['token'] },
        { counterId: 'c2', services: null },
      ],
      paused: [],
      served: [],
    });
    const usual = (ahead: number, counters: number) => {
      const e = estimateWait({ ahead, counters, measured: null, usualServiceSeconds: 300 });
      return e.kind === 'range' ? { lowMinutes: e.lowMinutes, highMinutes: e.highMinutes, basis: e.basis } : null;
    };
    // Token: both counters (one for token only, one for every desk); e-ID: the every-desk one only.
    expect(waits.get('token')).toEqual(usual(4, 2));
    expect(waits.get('eid-level2')).toEqual(usual(2, 1));
  });

  it("uses today's measured services once there are enough of them", () => {
    const served = [{ desk: 'token' as const, count: 10, sumSeconds: 10 * 120, sumSquares: 10 * 120 * 120 }];
    const waits = deskWaits({ waiting, activeCounters: [{ counterId: 'c1', services: null }], paused: [], served });
    // Ten services of exactly 2 min: 4.5 services ahead ≈ 9 min, no spread → 5–10 min.
    expect(waits.get('token')).toEqual({ lowMinutes: 5, highMinutes: 10, basis: 'measured-today' });
    expect(waits.get('eid-level2')?.basis).toBe('usual');
  });

  it('says nothing for a desk no counter serves now: none set for it, or its only counter on a break', () => {
    const waits = deskWaits({
      waiting,
      activeCounters: [
        { counterId: 'c1', services: ['token'] },
        { counterId: 'c2', services: ['eid-level2'] },
      ],
      paused: ['c2'],
      served: [],
    });
    expect(waits.get('token')).not.toBeNull();
    expect(waits.get('eid-level2')).toBeNull();
    expect(deskWaits({ waiting, activeCounters: [], paused: [], served: [] }).get('token')).toBeNull();
  });

  it('a desk with nobody waiting is not on the board, so it gets no line', () => {
    expect([...deskWaits({ waiting: [], activeCounters: [{ counterId: 'c1', services: null }], paused: [], served: [] }).keys()]).toEqual(
      [],
    );
  });
});
