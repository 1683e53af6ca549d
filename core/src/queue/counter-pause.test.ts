import { describe, expect, it } from 'vitest';
import {
  afterPauseChange,
  callWhilePausedProblem,
  counterPauseChange,
  counterPausesRequest,
  pauseChangeProblem,
  pausedAt,
  type CounterPause,
} from './counter-pause.ts';

const on: CounterPause = { since: '2026-12-07T02:00:00.000Z', operatorId: 'clerk.benthanh' };

describe('pausing a counter', () => {
  it.each([
    // current, paused?, serving, expected
    [null, true, false, null],
    [null, true, true, 'DK_ERR_COUNTER_PAUSE_SERVING'],
    [on, true, false, 'DK_ERR_COUNTER_ALREADY_PAUSED'],
    [on, true, true, 'DK_ERR_COUNTER_ALREADY_PAUSED'],
    [on, false, false, null],
    [on, false, true, null],
    [null, false, false, 'DK_ERR_COUNTER_NOT_PAUSED'],
  ] as const)('from %j, paused=%s while serving=%s → %s', (current, paused, serving, expected) => {
    expect(pauseChangeProblem(current, { paused }, { serving })).toBe(expected);
  });

  it('keeps who paused and since when; a resume clears it', () => {
    expect(afterPauseChange({ paused: true, at: on.since, operatorId: on.operatorId })).toEqual(on);
    expect(afterPauseChange({ paused: false, at: on.since, operatorId: on.operatorId })).toBeNull();
  });
});

describe('a counter on a break at a time', () => {
  const changes = [
    { paused: false, at: '2026-12-07T03:00:00.000Z' },
    { paused: true, at: '2026-12-07T02:00:00.000Z' },
    { paused: true, at: '2026-12-07T04:00:00.000Z' },
  ];
  it.each([
    ['2026-12-07T01:59:59.999Z', false],
    ['2026-12-07T02:00:00.000Z', true],
    ['2026-12-07T02:30:00.000Z', true],
    ['2026-12-07T03:00:00.000Z', false],
    ['2026-12-07T03:59:00.000Z', false],
    ['2026-12-07T05:00:00.000Z', true],
  ] as const)('at %s paused=%s, whatever the order of the changes', (at, expected) => {
    expect(pausedAt(changes, at)).toBe(expected);
    expect(pausedAt([...changes].reverse(), at)).toBe(expected);
    expect(callWhilePausedProblem(changes, at)).toBe(expected ? 'DK_ERR_QUEUE_COUNTER_PAUSED' : null);
  });

  it('a counter that never paused serves', () => {
    expect(pausedAt([], '2026-12-07T02:00:00.000Z')).toBe(false);
  });
});

describe('the posted changes', () => {
  const change = {
    id: '01939a3c-0000-7000-8000-000000000001',
    counterId: 'counter-hcm-ben-thanh-1',
    operatorId: 'clerk.benthanh',
    paused: true,
    at: '2026-12-07T02:00:00.000Z',
  };
  it.each([
    ['a whole change', {}, true],
    ['an id that is not a UUIDv7', { id: 'x' }, false],
    ['no operator', { operatorId: '' }, false],
    ['a time that is not one', { at: 'yesterday' }, false],
    ['no state', { paused: 'yes' }, false],
  ])('%s parses: %s', (_, over, ok) => {
    expect(counterPauseChange.safeParse({ ...change, ...over }).success).toBe(ok);
  });
  it('takes 1 to 50 changes', () => {
    expect(counterPausesRequest.safeParse({ changes: [] }).success).toBe(false);
    expect(counterPausesRequest.safeParse({ changes: Array(51).fill(change) }).success).toBe(false);
    expect(counterPausesRequest.safeParse({ changes: [change] }).success).toBe(true);
  });
});
