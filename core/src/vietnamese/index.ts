/**
 * Writing Vietnamese without the operating system's keyboard: the Telex composer, the direct tone
 * keys and the syllable rules they share (where a tone mark goes, what counts as a syllable).
 * Pure functions of the text typed so far and one key.
 */
export { telexKey, typeTelex, lastWord, TELEX_TONE_KEYS, type TelexOptions } from './telex.ts';
export { applyTone, typeLetter } from './tone-key.ts';
export { parseSyllable, placeTone, toneVowelIndex, type SyllableParts, type ToneStyle } from './syllable.ts';
export { splitTone, withTone, TONES, TONE_MARK, type Tone } from './tone.ts';
