import { describe, expect, it } from 'vitest';
import {
  callAnnouncement,
  callBoard,
  callNotice,
  callsToAnnounce,
  counterNumberOf,
  foldBoard,
  type BoardCall,
  type CallBoard,
} from './call-board.ts';
import { ANNOUNCEMENT_GAP_MS, ANNOUNCEMENT_PAUSE_MS, announcementPcm, voiceIndex } from './voice-sprite.ts';

const call = (eventId: string, ticketNumber: string, counterId: string, minute: number, extra: Partial<BoardCall> = {}): BoardCall => ({
  eventId,
  ticketNumber,
  counterId,
  counterName: `Quầy ${counterId.slice(-1)}`,
  counterNumber: null,
  calledAt: `2026-12-07T02:${String(minute).padStart(2, '0')}:00.000Z`,
  language: 'vi',
  recall: false,
  ...extra,
});

const server = (current: BoardCall[], recent: BoardCall[]): CallBoard =>
  callBoard.parse({ siteId: 'hcm-ben-thanh', at: '2026-12-07T02:30:00.000Z', current, recent, waiting: [{ desk: 'token', count: 3 }] });

describe('the call board fold', () => {
  it('shows a counter on a break as paused, not as serving a number it called before the break', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    const b = call('e2', 'A-002', 'c2', 2);
    const later = call('e3', 'A-003', 'c2', 20);
    const pause = { counterId: 'c2', counterName: 'Quầy 2', counterNumber: 2, since: '2026-12-07T02:10:00.000Z' };
    const board = callBoard.parse({ ...server([a, b], [b, a]), paused: [pause] });
    const folded = foldBoard(board, []);
    expect(folded.paused).toEqual([pause]);
    expect(folded.current.map((c) => c.eventId)).toEqual(['e1']);
    expect(folded.recent.map((c) => c.eventId)).toEqual(['e2', 'e1']);
    // A call after the break's start is the counter's again (the break ended meanwhile).
    expect(foldBoard(board, [later]).current.map((c) => c.eventId)).toEqual(['e3', 'e1']);
  });

  it('is the server board when no counter sent a notice', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    expect(foldBoard(server([a], [a]), [])).toEqual({ current: [a], recent: [a], waiting: [{ desk: 'token', count: 3 }], paused: [] });
  });

  it('adds a notice the server does not know: the ticket is current at its counter, the older one there gives way', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    const b = call('e2', 'A-002', 'c1', 5);
    const folded = foldBoard(server([a], [a]), [b]);
    expect(folded.current).toEqual([b]);
    expect(folded.recent.map((c) => c.eventId)).toEqual(['e2', 'e1']);
  });

  it('lets the server win once it has the call (it knows the ticket was finished)', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    expect(foldBoard(server([], [a]), [a]).current).toEqual([]);
  });

  it('does not let an older notice push a newer call off its counter, and counts each notice once', () => {
    const newer = call('e2', 'A-002', 'c1', 5);
    const older = call('e1', 'A-001', 'c1', 1);
    const folded = foldBoard(server([newer], [newer]), [older, older]);
    expect(folded.current).toEqual([newer]);
    expect(folded.recent.map((c) => c.eventId)).toEqual(['e2', 'e1']);
  });

  it('moves a recalled ticket to the counter that recalled it', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    const again = call('e3', 'A-001', 'c2', 9, { recall: true });
    expect(foldBoard(server([a], [a]), [again]).current).toEqual([again]);
  });

  it('works from the notices alone before the server was ever reached', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    expect(foldBoard(null, [a])).toEqual({ current: [a], recent: [a], waiting: [], paused: [] });
  });

  it("leaves out a notice older than the server's full list of latest calls", () => {
    const many = Array.from({ length: 8 }, (_, i) => call(`e${i + 10}`, `A-0${i + 10}`, `c${i}`, 20 + i));
    const old = call('e1', 'A-001', 'c9', 1);
    expect(foldBoard(server([], many), [old]).current).toEqual([]);
    expect(foldBoard(server([], many.slice(0, 7)), [old]).current).toEqual([old]);
  });

  it('keeps only the latest calls', () => {
    const many = Array.from({ length: 12 }, (_, i) => call(`e${i}`, `A-0${String(i).padStart(2, '0')}`, `c${i}`, i));
    expect(foldBoard(null, many).recent).toHaveLength(8);
    expect(foldBoard(null, many).recent[0]!.eventId).toBe('e11');
  });
});

describe('what the display announces', () => {
  it('announces the calls it has not said yet, oldest first (a recall is a new call)', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    const b = call('e2', 'A-002', 'c2', 2);
    const again = call('e3', 'A-001', 'c1', 3, { recall: true });
    const dawn = '2026-12-07T00:00:00.000Z';
    expect(callsToAnnounce({ current: [again, b], recent: [again, b, a] }, new Set(['e1']), dawn).map((c) => c.eventId)).toEqual([
      'e2',
      'e3',
    ]);
    expect(callsToAnnounce({ current: [], recent: [a] }, new Set(['e1']), dawn)).toEqual([]);
  });

  it('does not read out what was called before the display opened', () => {
    const a = call('e1', 'A-001', 'c1', 1);
    const b = call('e2', 'A-002', 'c2', 5);
    expect(callsToAnnounce({ current: [b], recent: [b, a] }, new Set(), b.calledAt).map((c) => c.eventId)).toEqual(['e2']);
  });

  it("makes a counter's notice of its call: its number when it has one, a recall when the ticket was called before", () => {
    const event = { id: 'e9', occurredAt: '2026-12-07T02:10:00.000Z', payload: { counterId: 'counter-x' } };
    const draft = { ticket: { number: 'A-007' }, language: 'en' as const };
    expect(callNotice(event, { calledAt: null, draft }, { number: 3, name: 'counter-x' })).toEqual({
      eventId: 'e9',
      ticketNumber: 'A-007',
      counterId: 'counter-x',
      counterName: 'Quầy 3',
      counterNumber: 3,
      calledAt: event.occurredAt,
      language: 'en',
      recall: false,
    });
    expect(callNotice(event, { calledAt: '2026-12-07T02:00:00.000Z', draft }, { number: null, name: 'counter-x' })).toMatchObject({
      counterName: 'counter-x',
      counterNumber: null,
      recall: true,
    });
  });

  it.each([
    [{ counterNumber: 4, counterName: 'Quầy 1' }, 4],
    [{ counterNumber: null, counterName: 'Quầy 2' }, 2],
    [{ counterNumber: null, counterName: 'Quầy số 12' }, 12],
    [{ counterNumber: null, counterName: 'Quầy chính' }, null],
    [{ counterNumber: null, counterName: 'Quầy 0' }, null],
  ])('%o reads counter %s', (c, n) => expect(counterNumberOf(c)).toBe(n));

  it('says the chime, the Vietnamese call, and English when the citizen chose it', () => {
    const vi = callAnnouncement(call('e1', 'A-012', 'c2', 1));
    expect(vi.text.vi).toBe('Mời số A không một hai đến quầy số hai');
    expect(vi.segments).toEqual(['chime', 'vi-call', 'vi-letter-a', 'vi-khoong', 'vi-mootj', 'vi-hai', 'vi-to-counter', 'vi-hai']);
    const en = callAnnouncement(call('e1', 'A-012', 'c2', 1, { language: 'en' }));
    expect(en.text.en).toBe('Number A zero one two, please go to counter two');
    expect(en.segments).toContain('pause');
  });

  it('gives a counter with no number to read the chime alone', () => {
    expect(callAnnouncement(call('e1', 'A-012', 'c', 1, { counterName: 'Quầy chính' })).segments).toEqual(['chime']);
  });
});

describe('an announcement from the voice sprite', () => {
  const index = voiceIndex.parse({ key: 'k', espeak: 'test', sampleRate: 8000, segments: { chime: [0, 4], 'vi-call': [4, 2] } });
  const sprite = { sampleRate: 8000, samples: Int16Array.from([1, 2, 3, 4, 5, 6]) };

  it('joins the segments in order with short gaps and silence for the pause', () => {
    const pcm = announcementPcm(index, sprite, ['chime', 'pause', 'vi-call']);
    const gap = (8000 * ANNOUNCEMENT_GAP_MS) / 1000;
    const pause = (8000 * ANNOUNCEMENT_PAUSE_MS) / 1000;
    expect(pcm.samples.length).toBe(4 + gap + pause + gap + 2);
    expect([...pcm.samples.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    expect([...pcm.samples.subarray(-2)]).toEqual([5, 6]);
  });

  it('refuses a segment the voice does not hold, or one past its end', () => {
    expect(() => announcementPcm(index, sprite, ['vi-hai'])).toThrow(/vi-hai/);
    const short = voiceIndex.parse({ ...index, segments: { chime: [4, 10] } });
    expect(() => announcementPcm(short, sprite, ['chime'])).toThrow(/chime/);
  });
});
