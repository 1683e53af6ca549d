import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chime, decodeWav, encodeWav, joinPcm, trimSilence } from './wav.ts';

const pcm = (values: number[], sampleRate = 22_050) => ({ sampleRate, samples: Int16Array.from(values) });

describe('announcement audio (WAV)', () => {
  it('round-trips 16-bit mono PCM', () => {
    const original = pcm([0, 1, -1, 32767, -32768, 1234]);
    expect(decodeWav(encodeWav(original))).toEqual(original);
  });

  it('reads what espeak-ng writes to a pipe (sizes left at 0x7fffffff)', () => {
    const bytes = encodeWav(pcm([5, 6, 7]));
    const view = new DataView(bytes.buffer);
    view.setUint32(4, 0x7fffffff, true);
    view.setUint32(40, 0x7fffffff, true);
    expect(decodeWav(bytes).samples).toEqual(Int16Array.from([5, 6, 7]));
  });

  it('refuses what it cannot play', () => {
    expect(() => decodeWav(new TextEncoder().encode('not a wave file at all'))).toThrow(RangeError);
    const stereo = encodeWav(pcm([1, 2]));
    new DataView(stereo.buffer).setUint16(22, 2, true);
    expect(() => decodeWav(stereo)).toThrow(/mono/);
  });

  it('property: any bytes give PCM or a RangeError, never another failure', () => {
    const header = encodeWav(pcm([1, 2, 3])).subarray(0, 44);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (tail, withHeader) => {
        const bytes = withHeader ? Uint8Array.from([...header.subarray(0, 36 + (tail.length % 8)), ...tail]) : tail;
        try {
          const out = decodeWav(bytes);
          expect(out.samples.length * 2).toBeLessThanOrEqual(bytes.length);
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
        }
      }),
    );
  });

  it('trims the synthesiser’s silence, keeping a short pad', () => {
    const rate = 1000;
    const trimmed = trimSilence(pcm([...Array(100).fill(0), 5000, -4000, ...Array(100).fill(10)], rate), 300, 10);
    expect(trimmed.samples.length).toBe(10 + 2 + 10);
    expect(trimSilence(pcm([0, 1, 2], rate)).samples.length).toBe(0);
  });

  it('joins segments with word gaps and a pause between the languages', () => {
    const rate = 1000;
    const joined = joinPcm([pcm([1, 1], rate), pcm([2], rate), null, pcm([3], rate)], { gapMs: 5, pauseMs: 100 });
    expect(joined.samples.length).toBe(2 + 5 + 1 + 5 + 100 + 5 + 1);
    expect(joined.samples[0]).toBe(1);
    expect(joined.samples[7]).toBe(2);
    expect(joined.samples.at(-1)).toBe(3);
    expect(() => joinPcm([pcm([1], 1000), pcm([1], 2000)], { gapMs: 0, pauseMs: 0 })).toThrow(RangeError);
  });

  it('makes a chime of two falling tones, never clipping', () => {
    const c = chime(22_050);
    expect(c.samples.length).toBe(Math.round(22_050 * 0.45) + Math.round(22_050 * 0.9));
    const peak = c.samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(8000);
    expect(peak).toBeLessThan(32767);
  });
});
