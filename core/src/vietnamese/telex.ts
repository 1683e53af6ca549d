import { parseSyllable, placeTone, toneFits, type ToneStyle } from './syllable.ts';
import { splitTone, type Tone } from './tone.ts';

/**
 * Telex, the way most Vietnamese type: plain letters, with keys that shape the word being typed.
 *
 *   aa â · aw ă · ee ê · oo ô · ow ơ · uw ư · uow ươ · dd đ · w alone ư
 *   s sắc · f huyền · r hỏi · x ngã · j nặng · z removes the tone
 *
 * A shaping key may come anywhere after its letter (`tieen`, `tiene`, `tiesn` all give `tiến`),
 * and pressing it twice takes it back and types the letter (`ass` → `as`, `aaa` → `aa`). A key
 * shapes the word only when the result is still (the start of) a Vietnamese syllable; otherwise
 * it is typed as itself, so a foreign name can still be written.
 *
 * The composer is a pure function of the text and one key: no hidden state, so the keyboard can
 * edit, backspace and fill from a card read freely. The tone is set apart and put back on the
 * right vowel after every key (`hoa` + `f` + `n` → `hoàn`). Output is NFC.
 */
export interface TelexOptions {
  /** Where the tone mark goes on open `oa`, `oe`, `uy`; default `modern` (hoà, thuỷ). */
  style?: ToneStyle;
}

export const TELEX_TONE_KEYS: Readonly<Record<string, Tone>> = { s: 'sac', f: 'huyen', r: 'hoi', x: 'nga', j: 'nang', z: 'ngang' };

/** The trailing word (letters and marks) of `text`, and what comes before it. */
export function lastWord(text: string): { before: string; word: string } {
  const nfc = text.normalize('NFC');
  const word = /[\p{L}\p{M}]*$/u.exec(nfc)![0];
  return { before: nfc.slice(0, nfc.length - word.length), word };
}

/** `text` after one key press (a single character; anything that is not a letter is simply typed). */
export function telexKey(text: string, key: string, options: TelexOptions = {}): string {
  const { before, word } = lastWord(text);
  return (before + composeKey(word, key, options.style ?? 'modern')).normalize('NFC');
}

/** A whole key sequence typed into `text` (default empty), one key per character. */
export function typeTelex(keys: string, options: TelexOptions = {}, text = ''): string {
  return [...keys].reduce((t, key) => telexKey(t, key, options), text);
}

const CIRCUMFLEX: Readonly<Record<string, { from: string; to: string }>> = {
  a: { from: 'aă', to: 'â' },
  e: { from: 'e', to: 'ê' },
  o: { from: 'oơ', to: 'ô' },
};
const HOOK: Readonly<Record<string, string>> = { a: 'ă', â: 'ă', o: 'ơ', ô: 'ơ', u: 'ư' };
const PLAIN: Readonly<Record<string, string>> = { â: 'a', ă: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u' };

const sameCase = (model: string, letter: string) => (model === model.toLowerCase() ? letter : letter.toUpperCase());

function composeKey(word: string, key: string, style: ToneStyle): string {
  const k = key.toLowerCase();
  const { letters, tone } = splitTone(word);
  const parts = parseSyllable(letters);
  const typed = () => word + key;
  const keep = (next: string, nextTone: Tone = tone) => placeTone(next, nextTone, style);

  if (!/^\p{L}$/u.test(key)) return word + key;
  if (parts === null) return typed();

  const toneKey = TELEX_TONE_KEYS[k];
  if (toneKey !== undefined && parts.vowels !== '') {
    if (toneKey === 'ngang') return tone === 'ngang' ? typed() : keep(letters, 'ngang');
    if (tone === toneKey) return placeTone(letters, 'ngang', style) + key;
    return toneFits(parts, toneKey) ? keep(letters, toneKey) : typed();
  }

  const chars = [...letters];
  const lower = chars.map((c) => c.toLowerCase());
  const vowelIdx = lower.map((_, i) => i).filter((i) => i >= parts.vowelStart && i < parts.vowelStart + [...parts.vowels].length);
  /** Try a change of letters; keep it only if the word is still (the start of) a syllable. */
  const attempt = (change: (c: string[]) => void): string | null => {
    const next = [...chars];
    change(next);
    const joined = next.join('');
    return parseSyllable(joined) ? joined : null;
  };

  if (k === 'd') {
    if (lower[0] === 'đ') return keep(sameCase(chars[0]!, 'd') + chars.slice(1).join('')) + key;
    if (lower[0] === 'd') return keep(sameCase(chars[0]!, 'đ') + chars.slice(1).join(''));
    return typed();
  }

  const circ = CIRCUMFLEX[k];
  if (circ) {
    const own = vowelIdx.findLast((i) => lower[i] === circ.to);
    if (own !== undefined) return keep(chars.map((c, i) => (i === own ? sameCase(c, k) : c)).join('')) + key;
    for (const i of vowelIdx.toReversed().filter((i) => circ.from.includes(lower[i]!))) {
      const next = attempt((c) => (c[i] = sameCase(c[i]!, circ.to)));
      if (next) return keep(next);
    }
    // Nothing to shape: the vowel itself, typed (`ho` + `a` → `hoa`).
  }

  if (k === 'w') {
    // `uo` takes its two hooks at once (ươ), the most frequent cluster that needs them; then one
    // letter, the last that can take a hook and stay a syllable.
    const candidates: ((c: string[]) => void)[] = [];
    const uo = vowelIdx.find((i) => 'uư'.includes(lower[i]!) && 'oôơ'.includes(lower[i + 1] ?? '') && vowelIdx.includes(i + 1));
    if (uo !== undefined && !(lower[uo] === 'ư' && lower[uo + 1] === 'ơ'))
      candidates.push((c) => ((c[uo] = sameCase(c[uo]!, 'ư')), (c[uo + 1] = sameCase(c[uo + 1]!, 'ơ'))));
    for (const i of vowelIdx.toReversed().filter((i) => HOOK[lower[i]!]))
      candidates.push((c) => (c[i] = sameCase(c[i]!, HOOK[lower[i]!]!)));
    for (const candidate of candidates) {
      const next = attempt(candidate);
      if (next) return keep(next);
    }
    const hooked = vowelIdx.filter((i) => 'ăơư'.includes(lower[i]!));
    if (hooked.length > 0) return keep(chars.map((c, i) => (hooked.includes(i) ? sameCase(c, PLAIN[lower[i]!]!) : c)).join('')) + key;
    if (parts.vowels === '') {
      const next = attempt((c) => c.push(sameCase(key, 'ư')));
      if (next) return keep(next);
    }
    return typed();
  }

  return parseSyllable(letters + key) ? keep(letters + key) : word + key;
}
