import { en } from '../i18n/en.ts';
import { enFlow } from '../i18n/en-flow.ts';
import { vi } from '../i18n/vi.ts';
import { viFlow } from '../i18n/vi-flow.ts';
import { enKeyboard, viKeyboard } from '../keyboard/messages.ts';
import { enA11y, viA11y } from '../a11y/messages.ts';
import { errorMessages } from '../i18n/error-messages.ts';
import { enHelp, viHelp } from '../help/messages.ts';
import { helpPages } from '../help/help-content.ts';
import { clipId, isSpeakable, speakableText } from './clip-id.ts';
import { templateParts } from './speech-plan.ts';
import { SAY_AS, sayAs } from './say-as.ts';

/**
 * Everything the audio pack must be able to say, per language: every message of the kiosk's
 * catalogues, of the help pages (src/content/help) and of the error registry (templates as their
 * fixed parts), each digit and letter (values inside templates, the keyboard's keys) and the
 * numbers up to 60, the providers' names (say-as.ts: each said as people say it, not spelled),
 * and the templates themselves for the page to match texts against. Only the pack builder and the
 * tests import this (it pulls in every catalogue).
 */
type Catalogue = Record<string, unknown>;

const messages = (o: Catalogue): string[] =>
  Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? messages(v as Catalogue) : []));

const catalogues = {
  vi: [vi, viFlow, { keyboard: viKeyboard, a11y: viA11y, help: viHelp }, ...helpPages.map((page) => page.vi)],
  en: [en, enFlow, { keyboard: enKeyboard, a11y: enA11y, help: enHelp }, ...helpPages.map((page) => page.en)],
} as const;

const UNITS = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZĂÂĐÊÔƠƯ'];
/** Numbers read as numbers inside templates: ages, seconds, people ahead, minutes of a wait. */
const NUMBERS = Array.from({ length: 61 }, (_, n) => String(n));

export interface SpokenTexts {
  texts: string[];
  templates: string[];
  /** What the voice reads for each clip (by clip id), where that is not the text itself. */
  said: Map<string, string>;
}

export function spokenTexts(lang: 'vi' | 'en'): SpokenTexts {
  const all = [...catalogues[lang].flatMap((c) => messages(c as Catalogue)), ...Object.values(errorMessages(lang))];
  const templates = [...new Set(all.filter((m) => /\{\w+\}/.test(m)))];
  const texts = new Set<string>();
  for (const m of all) {
    if (/\{\w+\}/.test(m)) templateParts(m).forEach((p) => texts.add(p));
    else if (isSpeakable(m)) texts.add(speakableText(m));
  }
  [...UNITS, ...NUMBERS, ...Object.keys(SAY_AS[lang])].forEach((u) => texts.add(u));
  const said = new Map([...texts].filter((t) => sayAs(lang, t) !== t).map((t) => [clipId(t), sayAs(lang, t)] as const));
  return { texts: [...texts], templates, said };
}
