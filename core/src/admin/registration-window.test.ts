import { describe, expect, it } from 'vitest';
import { registrationWindow } from './registration-window.ts';

const booth = { kind: 'event-booth', firstDay: '2026-02-10', lastDay: '2026-02-14' } as const;

describe('registrationWindow', () => {
  it.each([
    ['an office, any day', { kind: 'office' } as const, '2030-01-01T00:00:00Z', { open: true }],
    ['a booth without days (made before booths had them)', { kind: 'event-booth' } as const, '2030-01-01T00:00:00Z', { open: true }],
    ['23:59 the day before the first, in Hồ Chí Minh City', booth, '2026-02-09T16:59:59Z', 'DK_ERR_SITE_NOT_OPEN_YET'],
    ['00:00 on the first day', booth, '2026-02-09T17:00:00Z', { open: true }],
    ['23:59 on the last day', booth, '2026-02-14T16:59:59Z', { open: true }],
    ['00:00 the day after the last', booth, '2026-02-14T17:00:00Z', 'DK_ERR_SITE_CLOSED'],
  ])('%s', (_, site, at, expected) => {
    const w = registrationWindow(site, at);
    if (typeof expected === 'string') expect(w).toEqual({ open: false, code: expected, firstDay: '2026-02-10', lastDay: '2026-02-14' });
    else expect(w).toEqual(expected);
  });
});
