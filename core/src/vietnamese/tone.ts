/**
 * The six tones of Vietnamese and the combining marks that write them. A syllable's tone is kept
 * apart from its letters while it is being typed, so the mark can move to the right vowel as the
 * syllable grows (`hoa` + huyền + `n` → `hoàn`). Vowel shapes (â ă ê ô ơ ư) and đ are letters,
 * not tones: they stay on the letters.
 */
export const TONES = ['ngang', 'sac', 'huyen', 'hoi', 'nga', 'nang'] as const;
export type Tone = (typeof TONES)[number];

/** Combining mark of each tone (Unicode); `ngang` (level) has none. */
export const TONE_MARK: Readonly<Record<Exclude<Tone, 'ngang'>, string>> = {
  sac: '\u0301',
  huyen: '\u0300',
  hoi: '\u0309',
  nga: '\u0303',
  nang: '\u0323',
};

const TONE_OF_MARK = new Map<string, Tone>(Object.entries(TONE_MARK).map(([tone, mark]) => [mark, tone as Tone]));

/** A word's letters without their tone mark (NFC), and the tone (the last one, if a word carries two). */
export function splitTone(word: string): { letters: string; tone: Tone } {
  let tone: Tone = 'ngang';
  let letters = '';
  for (const ch of word.normalize('NFD')) {
    const t = TONE_OF_MARK.get(ch);
    if (t) tone = t;
    else letters += ch;
  }
  return { letters: letters.normalize('NFC'), tone };
}

/** One letter (NFC, no tone) with `tone` written on it. */
export function withTone(letter: string, tone: Tone): string {
  return tone === 'ngang' ? letter : (letter.normalize('NFD') + TONE_MARK[tone]).normalize('NFC');
}
