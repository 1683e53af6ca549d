import { describe, expect, it } from 'vitest';
import { ticketWait, WAIT_FIGURES_MAX_AGE_MS, type SiteWaitFigures } from './ticket-wait.ts';

const now = new Date('2026-11-22T03:00:00.000Z');
const figures = (more: Partial<SiteWaitFigures> = {}): SiteWaitFigures => ({
  at: '2026-11-22T02:59:00.000Z',
  waiting: 6,
  counters: 2,
  services: 12,
  medianServiceSeconds: 240,
  ...more,
});

describe('the wait on the kiosk ticket', () => {
  it.each([
    // 6 ahead, 2 counters, 4-minute median: (6.5 × 240 / 2) = 13 min ± √7 × 240 / 2 ≈ 5.3 min → 5–20.
    {
      name: 'from today’s median',
      figures: figures(),
      want: { kind: 'estimate', ahead: 6, lowMinutes: 5, highMinutes: 20, basis: 'measured-today' },
    },
    { name: 'nobody ahead', figures: figures({ waiting: 0 }), want: { kind: 'estimate', ahead: 0, lowMinutes: 0, highMinutes: 5 } },
    {
      name: 'the usual time before five services were measured today',
      figures: figures({ services: 2, medianServiceSeconds: 60 }),
      want: { kind: 'estimate', basis: 'usual' },
    },
    {
      name: 'no time measured at all yet',
      figures: figures({ services: 0, medianServiceSeconds: null }),
      want: { kind: 'estimate', basis: 'usual' },
    },
    { name: 'no figures ever', figures: null, want: { kind: 'unknown', reason: 'no-figures' } },
    {
      name: 'figures too old (the server out of reach)',
      figures: figures({ at: new Date(now.getTime() - WAIT_FIGURES_MAX_AGE_MS - 1).toISOString() }),
      want: { kind: 'unknown', reason: 'stale' },
    },
    { name: 'no counter has served today', figures: figures({ counters: 0 }), want: { kind: 'unknown', reason: 'no-counter' } },
  ])('$name', ({ figures: f, want }) => {
    expect(ticketWait({ figures: f, nowMs: now.getTime() })).toMatchObject(want);
  });

  it('more people ahead never shortens the wait', () => {
    let last = 0;
    for (let waiting = 0; waiting < 60; waiting++) {
      const w = ticketWait({ figures: figures({ waiting }), nowMs: now.getTime() });
      if (w.kind !== 'estimate') throw new Error(w.kind);
      expect(w.highMinutes).toBeGreaterThanOrEqual(last);
      last = w.highMinutes;
    }
  });
});
