import { describe, expect, it } from 'vitest';
import { citizenLeftGate, noShowActionGate, noShowGraceEnds } from './no-show.ts';
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

describe('noShowActionGate: a ticket marked "not here" is recalled or put back only inside its grace period', () => {
  const noShow = { at: noShowAt, counterId: 'counter-1' };
  it.each<['recall' | 'put-back', typeof noShow | null, string, string, string | null]>([
    ['recall', noShow, 'counter-1', '2026-11-22T02:14:59.999Z', null],
    ['recall', noShow, 'counter-1', '2026-11-22T02:15:00.000Z', 'DK_ERR_QUEUE_GRACE_OVER'],
    ['recall', noShow, 'counter-2', '2026-11-22T02:01:00.000Z', 'DK_ERR_QUEUE_OTHER_COUNTER'],
    ['recall', null, 'counter-2', '2026-11-22T02:01:00.000Z', null],
    ['put-back', noShow, 'counter-2', '2026-11-22T02:14:59.999Z', null],
    ['put-back', noShow, 'counter-1', '2026-11-22T02:15:00.000Z', 'DK_ERR_QUEUE_GRACE_OVER'],
    ['put-back', null, 'counter-1', '2026-11-22T02:01:00.000Z', 'DK_ERR_QUEUE_NOT_NO_SHOW'],
  ])('%s of %o from %s at %s → %s', (action, ns, counterId, at, code) => {
    const d = noShowActionGate({ action, noShow: ns, counterId, at });
    expect(d.ok ? null : d.code).toBe(code);
  });

  it('takes the grace period from configuration', () => {
    const rules = serviceRules.parse({ queue: { noShowGraceMinutes: 1 } });
    const at = '2026-11-22T02:01:00.000Z';
    expect(noShowActionGate({ action: 'put-back', noShow, at, rules })).toEqual({ ok: false, code: 'DK_ERR_QUEUE_GRACE_OVER' });
  });
});
