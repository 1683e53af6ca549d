/**
 * Every precomposed Vietnamese letter: the 12 vowels with and without the 5 tones (66 lower-case
 * letters that are not plain ASCII), their capitals, and Đ/đ — 134 in all. For tests.
 */
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const lower = [...VOWELS.filter((v) => v > '\u007f'), ...VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC'))), 'đ'];

export const VIETNAMESE_LETTERS: readonly string[] = [...lower, ...lower.map((c) => c.toUpperCase())];
