import { describe, expect, it } from 'vitest';
import { pressDigit, pressKey, type KeyPress } from './edit.ts';

const letters = (s: string): KeyPress[] => [...s].map((c) => (c === ' ' ? { kind: 'space' } : { kind: 'letter', key: c }));
const type = (presses: KeyPress[], options = {}) => presses.reduce((v, p) => pressKey(v, p, options), '');

describe('on-screen keyboard edits', () => {
  it('types a Telex name with capitals at each word, in NFC', () => {
    const out = type(letters('nguyeenx thij hoongf nhung'), { capitalizeWords: true });
    expect(out).toBe('Nguyễn Thị Hồng Nhung');
    expect(out).toBe(out.normalize('NFC'));
  });

  it('types the same name with shaped letters and tone keys, Telex off', () => {
    const presses: KeyPress[] = [
      ...letters('nguy'),
      { kind: 'letter', key: 'ê' },
      { kind: 'letter', key: 'n' },
      { kind: 'tone', tone: 'nga' },
      { kind: 'space' },
      ...letters('thi'),
      { kind: 'tone', tone: 'nang' },
      { kind: 'space' },
      { kind: 'letter', key: 'h' },
      { kind: 'letter', key: 'ô' },
      { kind: 'tone', tone: 'huyen' },
      ...letters('ng nhung'),
    ];
    expect(type(presses, { capitalizeWords: true, telex: false })).toBe('Nguyễn Thị Hồng Nhung');
  });

  it('keeps letters as they are with Telex off', () => {
    expect(type(letters('aas'), { telex: false })).toBe('aas');
  });

  it('backspace removes one letter, whatever its marks', () => {
    expect(pressKey('Nguyễn', { kind: 'backspace' })).toBe('Nguyễ');
    expect(pressKey('Nguyễ'.normalize('NFD'), { kind: 'backspace' })).toBe('Nguy');
    expect(pressKey('', { kind: 'backspace' })).toBe('');
  });

  it('never doubles a space or starts with one', () => {
    expect(pressKey('', { kind: 'space' })).toBe('');
    expect(pressKey('Lê ', { kind: 'space' })).toBe('Lê ');
  });

  it('stops at the maximum length', () => {
    expect(pressKey('abc', { kind: 'letter', key: 'd' }, { maxLength: 3 })).toBe('abc');
  });
});

describe('number pad', () => {
  it('types digits up to the limit and deletes one at a time', () => {
    const out = [...'0791900123456'].reduce((v, d) => pressDigit(v, d, 12), '');
    expect(out).toBe('079190012345');
    expect(pressDigit(out, 'backspace', 12)).toBe('07919001234');
    expect(pressDigit('12', 'x', 4)).toBe('12');
  });
});
