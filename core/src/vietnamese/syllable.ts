import { withTone, type Tone } from './tone.ts';

/**
 * The written shape of a Vietnamese syllable: an initial consonant, a vowel cluster and a final
 * consonant (`ngh|iê|ng`). The composer uses it to decide whether a Telex key makes sense as a
 * tone or a vowel shape (only when the result is still a Vietnamese syllable, or the start of one)
 * and where the tone mark goes.
 *
 * Tone placement follows the Ministry of Education's spelling rules (Decision 1989/QĐ-BGDĐT,
 * art. 8): the mark sits on the main vowel — `hoà`, `khoẻ`, `thuỷ`, `quý`; on the first letter of
 * `ia ua ưa` (`bìa`, `lụa`, `lửa`) and on the second of `iê yê uô uơ` (`biển`, `thuyền`, `được`).
 * Many older documents — and many ID cards — write `hòa`, `khỏe`, `thủy`: `traditional` places the
 * mark there instead (only open `oa`, `oe`, `uy` differ).
 */
export type ToneStyle = 'modern' | 'traditional';

export const VOWEL_LETTERS = new Set([...'aăâeêioôơuưy']);
const SHAPED = new Set([...'ăâêôơư']);

const INITIALS = new Set([
  '', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh',
  'p', 'ph', 'q', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x',
]); // prettier-ignore
// `k` ends the syllables of highland place names written in Vietnamese (Đắk Lắk, Krông Búk).
const FINALS = new Set(['', 'c', 'ch', 'k', 'm', 'n', 'ng', 'nh', 'p', 't']);
/** Finals after which only sắc and nặng exist (stopped syllables). */
const STOPS = new Set(['c', 'ch', 'k', 'p', 't']);

/** Every vowel cluster of the written language (without tone). */
const CLUSTERS = `a ă â e ê i o ô ơ u ư y ai ao au âu ay ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ
  uy ưa ưi ươ ưu yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu`.split(/\s+/);
const PLAIN_OF: Readonly<Record<string, string>> = { ă: 'a', â: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u' };

/**
 * Whether a cluster being typed can still become one: it is the start of a cluster, each letter
 * either as written there or still plain, waiting for its Telex key (`uye` on the way to `uyên`,
 * `uoi` to `ươi`; but not `uă`, which no key turns into anything).
 */
export function clusterFits(vowels: string): boolean {
  const v = [...vowels];
  return CLUSTERS.some((c) => {
    const target = [...c];
    return v.length <= target.length && v.every((x, i) => x === target[i] || x === PLAIN_OF[target[i]!]);
  });
}

export interface SyllableParts {
  /** Lower case, as spelled: `ngh`, `gi`, `qu`, … or ''. */
  initial: string;
  /** Lower case vowel letters without tone. */
  vowels: string;
  final: string;
  /** Where the vowels start in the word (in letters). */
  vowelStart: number;
}

/**
 * The parts of a word (letters without tone, any case), or null when it cannot be (the start of)
 * a Vietnamese syllable. `gi` and `qu` count as initials when a vowel follows (`gia`, `quý`; but
 * `gì` is g + i).
 */
export function parseSyllable(letters: string): SyllableParts | null {
  const s = [...letters.toLowerCase()];
  let i = 0;
  while (i < s.length && !VOWEL_LETTERS.has(s[i]!)) i++;
  let j = i;
  while (j < s.length && VOWEL_LETTERS.has(s[j]!)) j++;
  let initial = s.slice(0, i).join('');
  let vowelStart = i;
  const final = s.slice(j).join('');
  if ((initial === 'q' && s[i] === 'u') || (initial === 'g' && s[i] === 'i' && j - i > 1)) {
    initial += s[i];
    vowelStart++;
  }
  const vowels = s.slice(vowelStart, j).join('');
  if (!INITIALS.has(initial) || !FINALS.has(final)) return null;
  if (vowels === '' && final !== '') return null;
  if (vowels !== '' && !clusterFits(vowels)) return null;
  return { initial, vowels, final, vowelStart };
}

/** Whether `tone` can stand on this syllable: stopped syllables (-c, -ch, -p, -t) take only sắc or nặng. */
export function toneFits(parts: SyllableParts, tone: Tone): boolean {
  return !STOPS.has(parts.final) || tone === 'sac' || tone === 'nang' || tone === 'ngang';
}

/** Which vowel of the cluster carries the tone mark (index into `parts.vowels`). */
export function toneVowelIndex(parts: SyllableParts, style: ToneStyle = 'modern'): number {
  const v = [...parts.vowels];
  if (v.length <= 1) return 0;
  const shaped = v.findLastIndex((c) => SHAPED.has(c));
  if (shaped >= 0) return shaped;
  if (parts.final !== '') return v.length - 1;
  if (v.length === 3) return 1;
  if (style === 'modern' && (parts.vowels === 'oa' || parts.vowels === 'oe' || parts.vowels === 'uy')) return 1;
  return 0;
}

/**
 * `ươ` and `uơ` are one sound written two ways: `ươ` before a final or a glide (`thương`, `người`,
 * `hươu`), `uơ` at the end of a syllable (`thuở`, `huơ`). Telex types both as `uow`; this picks the
 * spelling that fits what follows, again after every key.
 */
export function settleUo(letters: string, parts: SyllableParts): string {
  const at = parts.vowels.search(/u[oơ]|ư[oơ]/);
  if (at < 0 || !/[ơ]/.test(parts.vowels.slice(at, at + 2)) || parts.initial === 'qu') return letters;
  const chars = [...letters];
  const u = parts.vowelStart + at;
  const open = parts.final === '' && parts.vowels.length === at + 2;
  const upper = chars[u] !== chars[u]!.toLowerCase();
  const wanted = open ? 'u' : 'ư';
  chars[u] = upper ? wanted.toUpperCase() : wanted;
  return chars.join('');
}

/** The word written with its tone on the right vowel (NFC). Words that are not syllables are left as they are. */
export function placeTone(letters: string, tone: Tone, style: ToneStyle = 'modern'): string {
  const parts = parseSyllable(letters);
  if (!parts || parts.vowels === '') return letters;
  const settled = settleUo(letters, parts);
  if (tone === 'ngang') return settled.normalize('NFC');
  const chars = [...settled];
  const at = parts.vowelStart + toneVowelIndex(parts, style);
  chars[at] = withTone(chars[at]!, tone);
  return chars.join('').normalize('NFC');
}
