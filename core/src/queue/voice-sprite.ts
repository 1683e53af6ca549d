import { z } from 'zod';
import { PAUSE } from './announcement.ts';
import { joinPcm, type Pcm } from './wav.ts';

/**
 * The announcement voice as the build ships it (`scripts/render-voice.ts`): one WAV "sprite" of
 * every segment and an index of where each lies. Parsed here, at the display's boundary: the
 * index comes from a file, and a sprite that lacks a segment must be found, not played as noise.
 */
export const voiceIndex = z.object({
  key: z.string().min(1),
  espeak: z.string(),
  sampleRate: z.number().int().min(8_000).max(96_000),
  /** Segment id → [first sample, number of samples] in the sprite. */
  segments: z.record(z.string(), z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});
export type VoiceIndex = z.infer<typeof voiceIndex>;

/** Short gaps between words, a breath between the Vietnamese and the English announcement. */
export const ANNOUNCEMENT_GAP_MS = 60;
export const ANNOUNCEMENT_PAUSE_MS = 700;

/**
 * One announcement's PCM from the sprite: its segments in order, `PAUSE` as silence. Throws
 * `RangeError` naming a segment the sprite does not hold (a voice pack older than the code).
 */
export function announcementPcm(index: VoiceIndex, sprite: Pcm, segments: readonly string[]): Pcm {
  const parts = segments.map((id) => {
    if (id === PAUSE) return null;
    const at = index.segments[id];
    if (!at || at[0] + at[1] > sprite.samples.length) throw new RangeError(`announcementPcm: no segment ${id} in the voice`);
    return { sampleRate: sprite.sampleRate, samples: sprite.samples.subarray(at[0], at[0] + at[1]) };
  });
  return joinPcm(parts, { gapMs: ANNOUNCEMENT_GAP_MS, pauseMs: ANNOUNCEMENT_PAUSE_MS });
}
