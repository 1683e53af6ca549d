import { describe, expect, it } from 'vitest';
import { citizenLeftGate, noShowGraceEnds } from './no-show.ts';
import { serviceRules } from './service-rules.ts';

const noShowAt = '2026-11-22T02:00:00.000Z';

describe('citizenLeftGate: a no-show is cancelled only after the grace period or on confirmation', () => {
  it.each<[string | null, string, boolean, string | null]>([
    [null, '2026-11-22T02:00:00.000Z', false, 'DK_ERR_CANCEL_TOO_EARLY'],
    [null, '2026-11-22T02:00:00.000Z', true, null],
    [noShowAt, '2026-11-22T02:14:59.999Z', false, 'DK_ERR_CANCEL_TOO_EARLY'],
    [noShowAt, '2026-11-22T02:15:00.000Z', false, null],
    [noShowAt, '2026-11-22T02:01:00.000Z', true, null],
  ])('no-show at %s, cancel at %s, confirmed %s → %s', (noShow, at, confirmed, code) => {
    const d = citizenLeftGate({ noShowAt: noShow, at, confirmed });
    expect(d.ok ? null : d.code).toBe(code);
  });

  it('takes the grace period from configuration', () => {
    const rules = serviceRules.parse({ queue: { noShowGraceMinutes: 5 } });
    expect(noShowGraceEnds(noShowAt, rules)).toBe('2026-11-22T02:05:00.000Z');
    expect(citizenLeftGate({ noShowAt, at: '2026-11-22T02:05:00.000Z', confirmed: false, rules }).ok).toBe(true);
  });
});
