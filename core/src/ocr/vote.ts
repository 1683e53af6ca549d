import type { MrzResult } from '../id/index.ts';

/**
 * Multi-frame voting on live video: a reading is accepted only when the same valid MRZ (every
 * check digit and field check passing) has been read in `needed` of the last `window` frames. One frame's
 * lucky misread that happens to pass the check digits is thus not enough on its own.
 */
export interface MrzVoteOptions {
  /** Identical valid readings required; default 2. */
  needed?: number;
  /** Frames remembered, including unreadable ones (null); default 8. */
  window?: number;
}

export interface MrzVoter {
  /** Adds one frame's reading (null = nothing readable); returns the accepted result once agreed. */
  add(reading: MrzResult | null): MrzResult | null;
  reset(): void;
}

/** Every check digit present passes (field-form checks such as a real date are the parser's business). */
export const checkDigitsPass = (r: MrzResult): boolean => {
  const digits = r.checks.filter((c) => c.kind === 'check-digit');
  return digits.length > 0 && digits.every((c) => c.ok);
};

export function createMrzVoter(options: MrzVoteOptions = {}): MrzVoter {
  const needed = Math.max(1, options.needed ?? 2);
  const window = Math.max(needed, options.window ?? 8);
  let recent: (string | null)[] = [];
  return {
    add(reading) {
      // Every check, not only the digits: a field check (an unknown state, a digit in a name) marks
      // a misread in a place no check digit covers.
      const key = reading && reading.valid && checkDigitsPass(reading) ? reading.lines.join('\n') : null;
      recent = [...recent, key].slice(-window);
      if (key === null) return null;
      return recent.filter((k) => k === key).length >= needed ? reading : null;
    },
    reset() {
      recent = [];
    },
  };
}
