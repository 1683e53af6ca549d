/**
 * How the voice says the providers' names, per language: what the catalogue shows → what the
 * pack's voice reads for it. The pack had no clip for a name, so the page said it one letter clip
 * at a time ("V, I, E, T, T, E, L"), and espeak-ng's Vietnamese voice, given a name whole, switches
 * to English for some (`espeak-ng -v vi -x Viettel` reads "vi-ət-əl", MISA "my-say"). A citizen
 * hears these names said the way people at the counter and in the providers' own advertising say
 * them:
 *
 * - an initialism is said as its letters in Vietnamese letter names: VNPT "vê en pê tê", FPT
 *   "ép pê tê", CMC "xê em xê", CA (certificate authority, in BKAV-CA, SmartCA…) "xê a";
 * - a name that is a word is said as a word: Viettel "Việt ten" (Việt + tel, the final l said n),
 *   MISA "mi sa", VINA "vi na";
 * - BKAV is said "bê kav": the B as its letter, KAV as a syllable, written here as Vietnamese
 *   spells that sound ("cáp");
 * - the English words of the products are said as Vietnamese say the loanwords: Smart "xì mát",
 *   Sign "xai", My "mai", e- "i".
 *
 * The English pack keeps English letter names for initialisms, spaced so the voice spells them,
 * and says the words as words. A catalogue name not in this table is still said letter by letter
 * (a new provider joins the table with the catalogue). Built into the pack by
 * `scripts/build-audio.ts` (via spoken-texts.ts): each displayed name has its own clip.
 */
export const SAY_AS: Record<'vi' | 'en', Readonly<Record<string, string>>> = {
  vi: {
    VNPT: 'vê en pê tê',
    'VNPT SmartCA': 'vê en pê tê xì mát xê a',
    Viettel: 'Việt ten',
    'Viettel MySign': 'Việt ten mai xai',
    'Viettel-CA': 'Việt ten xê a',
    MISA: 'mi sa',
    'MISA eSign': 'mi sa i xai',
    BKAV: 'bê cáp',
    'BKAV-CA': 'bê cáp xê a',
    FPT: 'ép pê tê',
    'FPT-CA': 'ép pê tê xê a',
    VINA: 'vi na',
    'VINA SmartSign': 'vi na xì mát xai',
    CMC: 'xê em xê',
    'CMC-CA': 'xê em xê xê a',
  },
  en: {
    VNPT: 'V. N. P. T.',
    'VNPT SmartCA': 'V. N. P. T. Smart C. A.',
    Viettel: 'Viettel',
    'Viettel MySign': 'Viettel My Sign',
    'Viettel-CA': 'Viettel C. A.',
    MISA: 'Misa',
    'MISA eSign': 'Misa e-Sign',
    BKAV: 'B. Kav',
    'BKAV-CA': 'B. Kav C. A.',
    FPT: 'F. P. T.',
    'FPT-CA': 'F. P. T. C. A.',
    VINA: 'Vina',
    'VINA SmartSign': 'Vina Smart Sign',
    CMC: 'C. M. C.',
    'CMC-CA': 'C. M. C. C. A.',
  },
};

/** What the voice reads for a text of the pack: its respelling, or the text itself. */
export const sayAs = (lang: 'vi' | 'en', text: string): string => SAY_AS[lang][text] ?? text;
