import { describe, expect, it } from 'vitest';
import {
  withPauseChange,
  latestPauseChanges,
  pauseNotice,
  type BoardPause,
  type BoardPauseChange,
  type BoardResume,
} from './board-pauses.ts';
import { callBoard, foldBoard, type BoardCall } from './call-board.ts';

/**
 * The counters on a break, as the call display merges the server's board with the break changes
 * the counters relayed over the site network: per counter, the newer change wins (time, then id),
 * whichever source it came from.
 */
const at = (minute: number) => `2026-12-07T02:${String(minute).padStart(2, '0')}:00.000Z`;
const id = (n: number) => `0193a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;

const relayed = (n: number, counter: number, paused: boolean, minute: number): BoardPauseChange => ({
  changeId: id(n),
  counterId: `c${counter}`,
  counterName: `Quầy ${counter}`,
  counterNumber: counter,
  paused,
  at: at(minute),
});
const serverPause = (n: number, counter: number, minute: number): BoardPause => ({
  counterId: `c${counter}`,
  counterName: `Quầy ${counter}`,
  counterNumber: counter,
  since: at(minute),
  changeId: id(n),
});
const serverResume = (n: number, counter: number, minute: number): BoardResume => ({
  counterId: `c${counter}`,
  changeId: id(n),
  at: at(minute),
});

const call = (eventId: string, ticketNumber: string, counter: number, minute: number): BoardCall => ({
  eventId,
  ticketNumber,
  counterId: `c${counter}`,
  counterName: `Quầy ${counter}`,
  counterNumber: counter,
  calledAt: at(minute),
  language: 'vi',
  recall: false,
});

const board = (paused: BoardPause[], resumed: BoardResume[], current: BoardCall[] = []) =>
  callBoard.parse({ siteId: 'hcm-ben-thanh', at: at(59), current, recent: current, waiting: [], paused, resumed });

describe('the counters on a break the display shows', () => {
  it.each<[string, BoardPause[], BoardResume[], BoardPauseChange[], string[]]>([
    ['none anywhere', [], [], [], []],
    ['the server alone', [serverPause(1, 1, 10)], [], [], ['c1@10']],
    ['a relayed pause alone (the server out of reach)', [], [], [relayed(1, 1, true, 10)], ['c1@10']],
    [
      'a relayed pause the server has not learned of yet: it is not undone',
      [],
      [serverResume(1, 1, 5)],
      [relayed(2, 1, true, 10)],
      ['c1@10'],
    ],
    ['a relayed resume the server has not learned of yet: the break is over', [serverPause(1, 1, 10)], [], [relayed(2, 1, false, 20)], []],
    [
      'a resume the server has, that the relay missed: the relayed pause is undone',
      [],
      [serverResume(2, 1, 20)],
      [relayed(1, 1, true, 10)],
      [],
    ],
    ['a newer break on the server than the relayed resume', [serverPause(3, 1, 30)], [], [relayed(2, 1, false, 20)], ['c1@30']],
    ['the same change from both: shown once', [serverPause(1, 1, 10)], [], [relayed(1, 1, true, 10)], ['c1@10']],
    ['at the same time, the greater id wins', [serverPause(1, 1, 10)], [], [relayed(2, 1, false, 10)], []],
    ['at the same time, a lesser id loses', [serverPause(2, 1, 10)], [], [relayed(1, 1, false, 10)], ['c1@10']],
    [
      'each counter on its own, by number',
      [serverPause(1, 2, 10)],
      [],
      [relayed(2, 1, true, 12), relayed(3, 3, false, 11)],
      ['c1@12', 'c2@10'],
    ],
    ['an older relayed change arriving late changes nothing', [], [], [relayed(2, 1, false, 20), relayed(1, 1, true, 10)], []],
  ])('%s', (_, paused, resumed, notices, expected) => {
    const shown = foldBoard(board(paused, resumed), [], notices).paused.map((p) => `${p.counterId}@${p.since.slice(14, 16)}`);
    expect(shown).toEqual(expected);
  });

  it('works from the relayed changes alone before the server was ever reached', () => {
    expect(foldBoard(null, [], [relayed(1, 1, true, 10)]).paused).toEqual([
      { counterId: 'c1', counterName: 'Quầy 1', counterNumber: 1, since: at(10), changeId: id(1) },
    ]);
  });

  it("drops a counter's call made before its break from what is served, relayed or the server's, and after the break ended too", () => {
    const before = call('e1', 'A-001', 1, 5);
    const other = call('e2', 'A-002', 2, 6);
    const served = (notices: BoardPauseChange[], server = board([], [])) =>
      foldBoard(server, [before, other], notices).current.map((c) => c.eventId);
    expect(served([])).toEqual(['e2', 'e1']);
    expect(served([relayed(1, 1, true, 10)])).toEqual(['e2']);
    // Ended: the citizen called before it was finished before the break began (a rule of the counter).
    expect(served([relayed(2, 1, false, 20)])).toEqual(['e2']);
    expect(foldBoard(board([], [], [before]), [], [relayed(1, 1, true, 10)]).current).toEqual([]);
    // A call after the break's end is served.
    const after = call('e3', 'A-003', 1, 25);
    expect(foldBoard(null, [after], [relayed(1, 1, true, 10), relayed(2, 1, false, 20)]).current.map((c) => c.eventId)).toEqual(['e3']);
  });

  it('keeps the latest change per counter: a replay or an older change leaves it as it is', () => {
    const pause = relayed(1, 1, true, 10);
    const resume = relayed(2, 1, false, 20);
    expect(withPauseChange([], pause)).toEqual([pause]);
    expect(withPauseChange([pause], resume)).toEqual([resume]);
    expect(withPauseChange([resume], pause)).toEqual([resume]);
    expect(withPauseChange([resume], resume)).toEqual([resume]);
    expect(withPauseChange([resume], relayed(3, 2, true, 5))).toEqual([resume, relayed(3, 2, true, 5)]);
    expect(latestPauseChanges(null, [pause, resume, pause])).toEqual([resume]);
  });

  it("makes a counter's notice of its break change without the clerk: its number when it has one, else its name", () => {
    const change = { id: id(7), counterId: 'counter-hcm-ben-thanh-1', operatorId: 'clerk.benthanh', paused: true, at: at(10) };
    expect(pauseNotice(change, { number: 1, name: 'counter-hcm-ben-thanh-1' })).toEqual({
      changeId: id(7),
      counterId: 'counter-hcm-ben-thanh-1',
      counterName: 'Quầy 1',
      counterNumber: 1,
      paused: true,
      at: at(10),
    });
    expect(pauseNotice({ ...change, paused: false }, { number: null, name: 'counter-hcm-ben-thanh-1' })).toMatchObject({
      counterName: 'counter-hcm-ben-thanh-1',
      counterNumber: null,
      paused: false,
    });
    expect(JSON.stringify(pauseNotice(change, { number: 1, name: 'x' }))).not.toContain('clerk');
  });
});
