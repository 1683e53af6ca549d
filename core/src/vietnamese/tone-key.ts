import { lastWord } from './telex.ts';
import { parseSyllable, placeTone, toneFits, type ToneStyle } from './syllable.ts';
import { splitTone, type Tone } from './tone.ts';

/**
 * The on-screen keyboard's tone keys (sắc, huyền, hỏi, ngã, nặng), for a citizen who does not
 * know Telex: the tone goes on the right vowel of the last word; the same key again takes it off.
 * A word with no vowel, or a tone its ending cannot take (`-c -ch -p -t` take only sắc and
 * nặng), is left unchanged.
 */
export function applyTone(text: string, tone: Tone, options: { style?: ToneStyle } = {}): string {
  const { before, word } = lastWord(text);
  const { letters, tone: current } = splitTone(word);
  const parts = parseSyllable(letters);
  if (!parts || parts.vowels === '' || !toneFits(parts, tone)) return text.normalize('NFC');
  const next = current === tone ? 'ngang' : tone;
  return (before + placeTone(letters, next, options.style ?? 'modern')).normalize('NFC');
}

/** A letter key (plain or shaped, `â`, `ư`, `đ` …) typed directly: appended, and the tone moved to fit. */
export function typeLetter(text: string, letter: string, options: { style?: ToneStyle } = {}): string {
  const { before, word } = lastWord(text);
  const { letters, tone } = splitTone(word + letter);
  return (parseSyllable(letters) ? before + placeTone(letters, tone, options.style ?? 'modern') : text + letter).normalize('NFC');
}
