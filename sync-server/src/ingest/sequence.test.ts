import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { advanceSequence } from './sequence.ts';

describe('advanceSequence', () => {
  it.each([
    [0, [1, 2, 3], 3, []],
    [0, [2, 3], 0, [1]],
    [3, [4, 6, 9], 4, [5, 7, 8]],
    [5, [], 5, []],
  ])('from %i over %j → %i, missing %j', (start, seqs, contiguous, missing) => {
    expect(advanceSequence(start, seqs)).toEqual({ contiguous, missing });
  });

  it('agrees with a brute-force gap search', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 120 }), (seqs) => {
        const set = new Set(seqs);
        let c = 0;
        while (set.has(c + 1)) c++;
        const max = Math.max(0, ...seqs);
        const gaps: number[] = [];
        for (let s = c + 1; s <= max && gaps.length < 100; s++) if (!set.has(s)) gaps.push(s);
        expect(advanceSequence(0, seqs)).toEqual({ contiguous: c, missing: gaps });
      }),
    );
  });
});
