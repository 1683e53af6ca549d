import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { announcement, telex, voiceSegments, PAUSE } from './announcement.ts';
import { readNumberEn, readNumberVi } from './read-number.ts';

describe('numbers read the Vietnamese way', () => {
  it.each([
    [0, 'không'],
    [2, 'hai'],
    [10, 'mười'],
    [11, 'mười một'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [55, 'năm mươi lăm'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [1000, 'một nghìn'],
    [1005, 'một nghìn không trăm linh năm'],
    [1020, 'một nghìn không trăm hai mươi'],
    [2024, 'hai nghìn không trăm hai mươi tư'],
    [12_345, 'mười hai nghìn ba trăm bốn mươi lăm'],
  ])('%i → %s', (n, words) => expect(readNumberVi(n).join(' ')).toBe(words));

  it.each([
    [0, 'zero'],
    [7, 'seven'],
    [13, 'thirteen'],
    [40, 'forty'],
    [42, 'forty two'],
    [300, 'three hundred'],
    [305, 'three hundred five'],
  ])('%i → %s in English', (n, words) => expect(readNumberEn(n).join(' ')).toBe(words));

  it('refuses what it cannot read', () => {
    expect(() => readNumberVi(-1)).toThrow(RangeError);
    expect(() => readNumberVi(1.5)).toThrow(RangeError);
    expect(() => readNumberEn(1000)).toThrow(RangeError);
  });
});

describe('the call announcement', () => {
  it('reads the ticket digit by digit and the counter as a number', () => {
    const a = announcement({ ticketNumber: 'A-012', counterNumber: 2, language: 'vi' });
    expect(a.text).toEqual({ vi: 'Mời số A không một hai đến quầy số hai', en: null });
    expect(a.segments).toEqual(['chime', 'vi-call', 'vi-letter-a', 'vi-khoong', 'vi-mootj', 'vi-hai', 'vi-to-counter', 'vi-hai']);
  });

  it('adds the English announcement after a pause when the citizen chose English', () => {
    const a = announcement({ ticketNumber: 'B-105', counterNumber: 21, language: 'en' });
    expect(a.text.vi).toBe('Mời số B một không năm đến quầy số hai mươi mốt');
    expect(a.text.en).toBe('Number B one zero five, please go to counter twenty one');
    const pause = a.segments.indexOf(PAUSE);
    expect(a.segments.slice(pause + 1)).toEqual([
      'en-call',
      'en-letter-b',
      'en-one',
      'en-zero',
      'en-five',
      'en-to-counter',
      'en-twenty',
      'en-one',
    ]);
    expect(a.segments.slice(0, pause)).toContain('vi-moots');
  });

  it('every announcement uses only segments the build renders', () => {
    const ids = new Set(voiceSegments().map((s) => s.id));
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{1,2}-\d{3,4}$/),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('vi' as const, 'en' as const),
        (ticketNumber, counterNumber, language) => {
          for (const s of announcement({ ticketNumber, counterNumber, language }).segments) expect(s === PAUSE || ids.has(s), s).toBe(true);
        },
      ),
    );
  });

  it('segment ids are unique, ASCII file names; Telex tells apart words that differ only by their marks', () => {
    const segments = voiceSegments();
    expect(new Set(segments.map((s) => s.id)).size).toBe(segments.length);
    for (const s of segments) expect(s.id).toMatch(/^[a-z0-9-]+$/);
    expect(telex('mười')).not.toBe(telex('mươi'));
    expect(telex('một')).not.toBe(telex('mốt'));
    expect(telex('năm')).toBe('nawm');
    expect(telex('đến quầy')).toBe('ddeens-quaayf');
  });

  it('refuses a ticket or counter it cannot read', () => {
    expect(() => announcement({ ticketNumber: 'A12', counterNumber: 1, language: 'vi' })).toThrow(RangeError);
    expect(() => announcement({ ticketNumber: 'A-012', counterNumber: 0, language: 'vi' })).toThrow(RangeError);
  });
});
