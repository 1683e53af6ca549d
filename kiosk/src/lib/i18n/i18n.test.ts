import { describe, expect, it } from 'vitest';
import { deviceProblems, errorRegistry } from '@dangky/core/errors';
import { en as enFirst } from './en.ts';
import { errorMessages } from './error-messages.ts';
import { enFlow } from './en-flow.ts';
import { viFlow } from './vi-flow.ts';
import { vi as viFirst } from './vi.ts';
import { enKeyboard, viKeyboard } from '../keyboard/messages.ts';
import { enA11y, viA11y } from '../a11y/messages.ts';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const flat = (o: object) =>
  new Map(keys(o).map((k) => [k, k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string]));

const vi = { ...viFirst, ...viFlow, keyboard: viKeyboard, a11y: viA11y };
const en = { ...enFirst, ...enFlow, keyboard: enKeyboard, a11y: enA11y };

describe('kiosk catalogues', () => {
  it('English has exactly the Vietnamese keys', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    const v = flat(vi);
    for (const [key, text] of flat(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(v.get(key)!));
    }
  });

  it('has a message in both languages for every error code, and Vietnamese differs from English', () => {
    const [v, e] = [errorMessages('vi'), errorMessages('en')];
    for (const code of Object.keys(errorRegistry)) {
      expect(v[code], code).toBeTruthy();
      expect(e[code], code).toBeTruthy();
    }
    expect(v.DK_ERR_PHONE_INVALID).toMatch(/Số điện thoại/);
  });

  it('says a device problem to the citizen in its plain two parts, in English too (not the log text)', () => {
    for (const language of ['vi', 'en'] as const) {
      const shown = errorMessages(language);
      const words = deviceProblems.DK_ERR_NFC_NO_CARD[language] as { what: string; next: string };
      expect(shown.DK_ERR_NFC_NO_CARD).toBe(`${words.what} ${words.next}`);
    }
    expect(errorMessages('en').DK_ERR_CHIP_ACCESS_DENIED).not.toMatch(/MRZ|CAN|access key/);
  });
});

describe('first-screen catalogue', () => {
  it('holds only what the welcome screen needs; the flow texts load with the flow', () => {
    expect(Object.keys(viFirst).sort()).toEqual(['app', 'booth', 'devices', 'errors', 'revoked', 'sync', 'welcome']);
    expect(Object.keys(viFlow)).not.toContain('welcome');
  });
});
