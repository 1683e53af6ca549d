import { readDigitsEn, readDigitsVi, readNumberEn, readNumberVi, viLetters } from './read-number.ts';

/**
 * What the waiting room hears when a ticket is called: a chime, then "Mời số A không một hai đến
 * quầy số hai", then — when the citizen chose English at the kiosk — "Number A zero one two,
 * please go to counter two". The ticket is read digit by digit (as it is printed), the counter
 * as a number. The announcement is a list of pre-rendered audio segments (`voiceSegments`), so the
 * display speaks with no network and no synthesiser: the build renders every segment once.
 */
export type VoiceLanguage = 'vi' | 'en';

export interface VoiceSegment {
  /** File name stem: ASCII, unique (Vietnamese words in Telex, so "mười" and "mươi" differ). */
  id: string;
  lang: VoiceLanguage | null;
  /** What the synthesiser says; `null` for the chime, which the build makes itself. */
  text: string | null;
}

/** A silence between the Vietnamese and the English announcement. */
export const PAUSE = 'pause';
export const CHIME = 'chime';

const phrases = {
  'vi-call': 'Mời số',
  'vi-to-counter': 'đến quầy số',
  'en-call': 'Number',
  'en-to-counter': 'please go to counter',
} as const;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The highest counter number a site can give (as `queueCounter` allows). */
const MAX_COUNTER = 999;

const TONES: Record<string, string> = { '\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' };
const MARKS: Record<string, string> = { '\u0306': 'w', '\u0302': '', '\u031b': 'w' };

/** A Vietnamese word in Telex (mốt → mots, một → motj, đến → ddeens): ASCII and one-to-one. */
export function telex(text: string): string {
  return text.toLowerCase().split(/\s+/).filter(Boolean).map(telexWord).join('-');
}

function telexWord(word: string): string {
  let tone = '';
  let out = '';
  for (const ch of word.normalize('NFD')) {
    if (ch in TONES) tone = TONES[ch]!;
    else if (ch === '\u0302') out += out.at(-1) ?? '';
    else if (ch in MARKS) out += MARKS[ch];
    else if (ch === 'đ') out += 'dd';
    else if (/[a-z0-9]/.test(ch)) out += ch;
  }
  return out + tone;
}

const viWordSegment = (word: string): string => `vi-${telex(word)}`;
const enWordSegment = (word: string): string => `en-${word}`;
const letterSegment = (lang: VoiceLanguage, letter: string): string => `${lang}-letter-${letter.toLowerCase()}`;

/** Every segment an announcement can use, for the build that renders them. */
export function voiceSegments(): VoiceSegment[] {
  const segments: VoiceSegment[] = [{ id: CHIME, lang: null, text: null }];
  for (const [id, text] of Object.entries(phrases)) segments.push({ id, lang: id.startsWith('vi') ? 'vi' : 'en', text });
  for (const letter of LETTERS) {
    segments.push({ id: letterSegment('vi', letter), lang: 'vi', text: viLetters[letter]! });
    segments.push({ id: letterSegment('en', letter), lang: 'en', text: letter });
  }
  const viWords = new Set<string>();
  for (let n = 0; n <= MAX_COUNTER; n++) for (const w of readNumberVi(n)) viWords.add(w);
  for (const w of viWords) segments.push({ id: viWordSegment(w), lang: 'vi', text: w });
  const enWords = new Set<string>();
  for (let n = 0; n <= MAX_COUNTER; n++) for (const w of readNumberEn(n)) enWords.add(w);
  for (const w of enWords) segments.push({ id: enWordSegment(w), lang: 'en', text: w });
  return segments;
}

export interface AnnouncementInput {
  /** `A-012` */
  ticketNumber: string;
  /** The counter's number (1 … 999). */
  counterNumber: number;
  /** The citizen's language at the kiosk: English adds the English announcement after the Vietnamese. */
  language: VoiceLanguage;
}

export interface Announcement {
  /** Segment ids in order, with `PAUSE` between the two languages. */
  segments: string[];
  /** The words, for the screen and for people who cannot hear. */
  text: { vi: string; en: string | null };
}

export function announcement({ ticketNumber, counterNumber, language }: AnnouncementInput): Announcement {
  const m = /^([A-Z]{1,2})-(\d{3,4})$/.exec(ticketNumber);
  if (!m) throw new RangeError('announcement: ticket number like A-012');
  if (!Number.isInteger(counterNumber) || counterNumber < 1 || counterNumber > MAX_COUNTER)
    throw new RangeError('announcement: counter 1 … 999');
  const [, prefix, digits] = m as unknown as [string, string, string];
  const viCounter = readNumberVi(counterNumber);
  const segments = [
    CHIME,
    'vi-call',
    ...[...prefix].map((l) => letterSegment('vi', l)),
    ...readDigitsVi(digits).map(viWordSegment),
    'vi-to-counter',
    ...viCounter.map(viWordSegment),
  ];
  const viText = `Mời số ${prefix} ${readDigitsVi(digits).join(' ')} đến quầy số ${viCounter.join(' ')}`;
  if (language !== 'en') return { segments, text: { vi: viText, en: null } };
  const enCounter = readNumberEn(counterNumber);
  segments.push(
    PAUSE,
    'en-call',
    ...[...prefix].map((l) => letterSegment('en', l)),
    ...readDigitsEn(digits).map(enWordSegment),
    'en-to-counter',
    ...enCounter.map(enWordSegment),
  );
  const enText = `Number ${prefix} ${readDigitsEn(digits).join(' ')}, please go to counter ${enCounter.join(' ')}`;
  return { segments, text: { vi: viText, en: enText } };
}
