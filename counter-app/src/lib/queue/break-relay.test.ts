import { describe, expect, it } from 'vitest';
import type { BoardPauseChange } from '@dangky/core/queue';
import { breakRelay } from './break-relay.ts';

/**
 * The counter's breaks as it relays them to the call displays: each change at once, without the
 * clerk; and, when the server refused a change and the counter took the server's state back, that
 * state again as a newer change — else the displays would keep the refused one.
 */
const id = (n: number) => `0193a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const change = (n: number, paused: boolean, at: string) => ({
  id: id(n),
  counterId: 'counter-hcm-ben-thanh-1',
  operatorId: 'clerk.benthanh',
  paused,
  at,
});

function relay() {
  const sent: BoardPauseChange[] = [];
  const breaks = breakRelay(
    (p) => sent.push(p),
    () => ({ id: 'counter-hcm-ben-thanh-1', number: 1 }),
    { now: () => new Date('2026-12-07T02:30:00.000Z'), newId: () => id(99) },
  );
  return { sent, breaks };
}

describe("the counter's breaks relayed to the call displays", () => {
  it('sends each change at once, named as the waiting room knows the counter, without the clerk', () => {
    const { sent, breaks } = relay();
    breaks.changed(change(1, true, '2026-12-07T02:10:00.000Z'));
    expect(sent).toEqual([
      {
        changeId: id(1),
        counterId: 'counter-hcm-ben-thanh-1',
        counterName: 'Quầy 1',
        counterNumber: 1,
        paused: true,
        at: '2026-12-07T02:10:00.000Z',
      },
    ]);
    expect(JSON.stringify(sent)).not.toContain('clerk');
  });

  it('says nothing more while the state agrees, nor on opening', () => {
    const { sent, breaks } = relay();
    breaks.settled(false);
    breaks.settled(true);
    expect(sent).toEqual([]);
    breaks.changed(change(1, true, '2026-12-07T02:10:00.000Z'));
    breaks.settled(true);
    breaks.changed(change(2, false, '2026-12-07T02:20:00.000Z'));
    breaks.settled(false);
    expect(sent.map((s) => s.changeId)).toEqual([id(1), id(2)]);
  });

  it('relays the state the server kept when it refused a change, as a newer change', () => {
    const { sent, breaks } = relay();
    breaks.changed(change(1, true, '2026-12-07T02:10:00.000Z'));
    breaks.settled(true);
    // Refused: the counter serves again, as the server says.
    breaks.settled(false);
    expect(sent.at(-1)).toMatchObject({ changeId: id(99), paused: false, at: '2026-12-07T02:30:00.000Z' });
    breaks.settled(false);
    expect(sent).toHaveLength(2);
  });
});
