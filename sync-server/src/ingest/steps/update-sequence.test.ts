import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { advanceSequence } from '../sequence.ts';
import { sequenceAfter } from './update-sequence.ts';

describe("a push's move of the device's sequence", () => {
  it('moves past what was stored above and what the push stored, and says what is still missing', () => {
    const after = sequenceAfter("kiosk-o'hara", { contiguous: 10, above: [13] }, [11, 12, 16]);
    expect(after.missing).toEqual([14, 15]);
    expect(after.update).toEqual([`UPDATE devices SET contiguous_seq = GREATEST(contiguous_seq, 13) WHERE id = 'kiosk-o''hara'`]);
  });

  it('sends nothing when the sequence did not move', () => {
    expect(sequenceAfter('k', { contiguous: 10, above: [12] }, [])).toEqual({ missing: [11], update: [] });
  });

  it('agrees with reading everything after the push', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 30 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 10 }),
        (contiguous, storedBefore, storedNow) => {
          const above = storedBefore.filter((s) => s > contiguous);
          const now = storedNow.filter((s) => !storedBefore.includes(s));
          const whole = advanceSequence(contiguous, [...above, ...now.filter((s) => s > contiguous)]);
          const after = sequenceAfter('k', { contiguous, above }, now);
          expect(after.missing).toEqual(whole.missing);
          expect(after.update.length).toBe(whole.contiguous === contiguous ? 0 : 1);
          if (after.update[0]) expect(after.update[0]).toContain(`GREATEST(contiguous_seq, ${whole.contiguous})`);
        },
      ),
    );
  });
});
