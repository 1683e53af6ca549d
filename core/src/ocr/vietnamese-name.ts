/**
 * Whether an MRZ name (line 3 form, `NGUYEN<<THI<THANH<LINH`) is made only of Vietnamese
 * syllables as the MRZ writes them (diacritics dropped, Đ → D): an onset from the Vietnamese
 * consonant spellings, one to three vowels, and at most one final from c, ch, m, n, ng, nh, p, t.
 * F, J, W and Z are not Vietnamese letters. This proves nothing about the name being right; it
 * only says when a reading looks doubtful (`KIH` for `KIM`, `NGUYFN`), so that OCR reads the band
 * a second time before trusting it. Foreign names on a Vietnamese card simply look doubtful.
 */
const SYLLABLE = /^(NGH|NG|GH|GI|KH|NH|PH|TH|TR|CH|QU|[BCDGHKLMNPRSTVX])?[AEIOUY]{1,3}(CH|NG|NH|[CMNPT])?$/;

export function isVietnameseMrzName(line3: string): boolean {
  const words = line3.split('<').filter(Boolean);
  return words.length > 0 && words.every((w) => SYLLABLE.test(w));
}
