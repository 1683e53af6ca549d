import { describe, expect, it } from 'vitest';
import { demoProviders } from '@dangky/core/reference';
import { vi } from '../i18n/vi.ts';
import { viFlow } from '../i18n/vi-flow.ts';
import { enFlow } from '../i18n/en-flow.ts';
import { clipId } from './clip-id.ts';
import { SAY_AS, sayAs } from './say-as.ts';
import { planSpeech } from './speech-plan.ts';
import { spokenTexts } from './spoken-texts.ts';

/** The pack as the build makes it (which clips exist, and what the voice reads for each), without the audio. */
const packOf = (lang: 'vi' | 'en') => {
  const { texts, templates, said } = spokenTexts(lang);
  return { clips: new Set(texts.map(clipId)), templates, said };
};
const packs = { vi: packOf('vi'), en: packOf('en') };
const fill = (template: string, provider: string) => template.replace('{provider}', provider);
const names = demoProviders.flatMap((p) => [p.name, p.product]);

describe('provider names in the audio guidance', () => {
  it.each(['vi', 'en'] as const)(
    '%s: every name and product of the catalogue has its own clip in the pack, read as people say it',
    (lang) => {
      const pack = packs[lang];
      for (const name of names) {
        expect(planSpeech(name, pack), name).toEqual([clipId(name)]);
        expect(pack.said.get(clipId(name)) ?? name, name).toBe(SAY_AS[lang][name]);
      }
    },
  );

  it('the consent says the provider as one word, not letter by letter', () => {
    const template = viFlow.consent.transfer;
    for (const p of demoProviders) {
      const plan = planSpeech(fill(template, p.name), packs.vi)!;
      expect(plan, p.name).toContain(clipId(p.name));
      // No clip of a single letter: "V, i, e, t, t, e, l" was the fault.
      for (const letter of [...p.name.toUpperCase()]) expect(plan, p.name).not.toContain(clipId(letter));
    }
    const en = planSpeech(fill(enFlow.consent.transfer, 'Viettel'), packs.en)!;
    expect(en).toContain(clipId('Viettel'));
  });

  it.each([
    ['VNPT', 'vê en pê tê'],
    ['FPT', 'ép pê tê'],
    ['Viettel', 'Việt ten'],
    ['MISA', 'mi sa'],
    ['VNPT SmartCA', 'vê en pê tê xì mát xê a'],
  ])('Vietnamese: %s is said "%s"', (name, said) => {
    expect(sayAs('vi', name)).toBe(said);
  });

  it('the Vietnamese respellings are Vietnamese words: no run of capitals the voice would spell in English letter names', () => {
    for (const said of Object.values(SAY_AS.vi)) expect(said).not.toMatch(/\p{Lu}{2}/u);
  });

  it('any other text is read as written', () => {
    expect(sayAs('vi', vi.welcome.start)).toBe(vi.welcome.start);
  });
});
