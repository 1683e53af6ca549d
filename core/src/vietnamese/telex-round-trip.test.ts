import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSyllable } from './syllable.ts';
import { splitTone, type Tone } from './tone.ts';
import { typeTelex } from './telex.ts';
import { SYLLABLES } from './word-list.ts';

/**
 * Every syllable of the shipped word list, typed in Telex the ways people type it — each shape key
 * right after its letter or all at the end of the word, the tone key anywhere after the first
 * vowel — comes back exactly as written (NFC).
 */
const TONE_KEY: Readonly<Record<Tone, string>> = { ngang: '', sac: 's', huyen: 'f', hoi: 'r', nga: 'x', nang: 'j' };
const SHAPE: Readonly<Record<string, [string, string]>> = {
  â: ['a', 'a'],
  ă: ['a', 'w'],
  ê: ['e', 'e'],
  ô: ['o', 'o'],
  ơ: ['o', 'w'],
  ư: ['u', 'w'],
  đ: ['d', 'd'],
};

interface Way {
  shapesAtEnd: boolean;
  /** Where the tone key goes among the word's keys, from the first vowel on (0 = right after it); clamped. */
  toneAt: number;
}

function telexKeysOf(syllable: string, way: Way): string {
  const { letters, tone } = splitTone(syllable);
  const chars = [...letters];
  const keys: string[] = [];
  const later: string[] = [];
  chars.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    const shape = SHAPE[lower];
    const cased = (k: string) => (upper ? k.toUpperCase() : k);
    if (!shape) {
      // A plain `o` after `o` (xoong) would shape it: type it twice, the second press takes the shape back.
      keys.push(lower === 'o' && chars[i - 1]?.toLowerCase() === 'o' ? cased('oo') : ch);
      return;
    }
    keys.push(cased(shape[0]));
    // ươ takes one w at the end of the word: the composer hooks both.
    if (way.shapesAtEnd && !(lower === 'ơ' && chars[i - 1]?.toLowerCase() === 'ư')) later.push(cased(shape[1]));
    else if (!way.shapesAtEnd) keys.push(cased(shape[1]));
    else if (lower === 'ơ') later.splice(later.lastIndexOf(cased('w')), 1, cased('w'));
  });
  const all = [...keys.join(''), ...later];
  const toneKey = TONE_KEY[tone];
  if (toneKey === '') return all.join('');
  const parts = parseSyllable(letters)!;
  // the first vowel's key, counted in keys typed (shapes inline add keys before it)
  const firstVowel = all.findIndex((k, i) => i >= parts.vowelStart && /[aeiouy]/i.test(k));
  const at = Math.min(all.length, firstVowel + 1 + way.toneAt);
  return [...all.slice(0, at), toneKey, ...all.slice(at)].join('');
}

describe('Telex round trip over the shipped word list', () => {
  it('holds enough to mean something', () => {
    expect(SYLLABLES.length).toBeGreaterThan(700);
  });

  it.each([
    { shapesAtEnd: false, toneAt: 99 },
    { shapesAtEnd: true, toneAt: 99 },
    { shapesAtEnd: false, toneAt: 0 },
  ])('every syllable, typed %o', (way) => {
    const wrong = SYLLABLES.filter((s) => typeTelex(telexKeysOf(s, way)) !== s).map(
      (s) => `${s} ← ${telexKeysOf(s, way)} → ${typeTelex(telexKeysOf(s, way))}`,
    );
    expect(wrong).toEqual([]);
  });

  it('any syllable, any way, in any case, word after word', () => {
    const word = fc.record({
      syllable: fc.constantFrom(...SYLLABLES),
      shapesAtEnd: fc.boolean(),
      toneAt: fc.nat({ max: 6 }),
      caps: fc.constantFrom('as-is', 'lower', 'upper', 'title'),
    });
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const cased = words.map(({ syllable, caps }) =>
          caps === 'lower'
            ? syllable.toLowerCase()
            : caps === 'upper'
              ? syllable.toUpperCase()
              : caps === 'title'
                ? syllable[0]!.toUpperCase() + syllable.slice(1).toLowerCase()
                : syllable,
        );
        const keys = words.map((w, i) => telexKeysOf(cased[i]!, w)).join(' ');
        expect(typeTelex(keys)).toBe(cased.join(' '));
      }),
      { numRuns: 2000 },
    );
  });
});
