import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announcement, decodeWav, voiceSegments } from '@dangky/core/queue';
import { renderVoice } from './render-voice.ts';

// Kept under .tmp/ (git-ignored) so a second run finds the same key and renders nothing.
const out = resolve(import.meta.dirname, '../.tmp/voice-test');

describe('the call display voice', () => {
  it('renders every segment an announcement can use, with sound in it, and skips an unchanged render', { timeout: 180_000 }, async () => {
    const { index } = await renderVoice(out);
    const sprite = decodeWav(readFileSync(join(out, 'voice.wav')));
    expect(sprite.sampleRate).toBe(index.sampleRate);
    for (const { id } of voiceSegments()) {
      const [start, length] = index.segments[id] ?? [0, 0];
      // Every word lasts at least a tenth of a second and is not silence.
      expect(length, id).toBeGreaterThan(index.sampleRate / 10);
      const peak = sprite.samples.subarray(start, start + length).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
      expect(peak, id).toBeGreaterThan(1000);
    }
    const call = announcement({ ticketNumber: 'A-012', counterNumber: 2, language: 'en' });
    for (const id of call.segments) expect(id === 'pause' || id in index.segments, id).toBe(true);
    expect((await renderVoice(out)).rendered).toBe(false);
  });
});
