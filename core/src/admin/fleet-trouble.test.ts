import { describe, expect, it } from 'vitest';
import { sortFleet, troublesOf, type FleetFacts } from './fleet-trouble.ts';

const now = new Date('2026-03-02T03:00:00Z');
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
const healthy: FleetFacts = { revokedAt: null, lastContactAt: ago(1), pending: 0, oldestPendingAt: null, deadLetters: 0, hardware: [] };

describe('troublesOf', () => {
  it.each([
    ['healthy', {}, []],
    ['revoked (nothing else matters)', { revokedAt: ago(5), lastContactAt: ago(100) }, ['revoked']],
    ['never seen', { lastContactAt: null }, ['never-seen']],
    ['silent for 11 minutes', { lastContactAt: ago(11) }, ['silent']],
    ['an outbox stuck for 20 minutes', { pending: 3, oldestPendingAt: ago(20) }, ['outbox-stuck']],
    ['events waiting a minute', { pending: 3, oldestPendingAt: ago(1) }, ['outbox-waiting']],
    [
      'rejected events and a printer in error',
      { deadLetters: 2, hardware: [{ state: 'error' as const }] },
      ['rejected-events', 'hardware'],
    ],
    ['a busy printer', { hardware: [{ state: 'busy' as const }] }, []],
    ['a clock two hours ahead', { clockSkewSeconds: 7200 }, ['clock-skew']],
    ['a clock six minutes behind', { clockSkewSeconds: -360 }, ['clock-skew']],
    ['a clock four minutes off', { clockSkewSeconds: 240 }, []],
  ])('%s', (_, over, expected) => {
    expect(troublesOf({ ...healthy, ...over }, now)).toEqual(expected);
  });
});

describe('sortFleet', () => {
  it('puts trouble first, the worst first, healthy devices next and revoked ones last', () => {
    const devices = [
      { ...healthy, id: 'healthy' },
      { ...healthy, id: 'revoked', revokedAt: ago(1) },
      { ...healthy, id: 'waiting', pending: 1, oldestPendingAt: ago(1) },
      { ...healthy, id: 'silent', lastContactAt: ago(60) },
      { ...healthy, id: 'silent-longer', lastContactAt: ago(600) },
      { ...healthy, id: 'silent-and-stuck', lastContactAt: ago(30), pending: 9, oldestPendingAt: ago(40) },
    ];
    expect(sortFleet(devices, now).map((d) => d.id)).toEqual([
      'silent-and-stuck',
      'silent-longer',
      'silent',
      'waiting',
      'healthy',
      'revoked',
    ]);
  });
});
