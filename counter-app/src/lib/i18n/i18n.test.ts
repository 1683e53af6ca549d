import { describe, expect, it } from 'vitest';
import { errorRegistry } from '@dangky/core/errors';
import { en } from './en.ts';
import { vi } from './vi.ts';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

describe('i18n catalogues', () => {
  it('English has exactly the Vietnamese keys', () => {
    expect(keys(en).sort()).toEqual(keys(vi).sort());
  });

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    const flat = (o: object) =>
      new Map(keys(o).map((k) => [k, k.split('.').reduce<unknown>((a, p) => (a as Record<string, unknown>)[p], o) as string]));
    const v = flat(vi);
    for (const [key, text] of flat(en)) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(v.get(key)!));
    }
  });

  it('has a Vietnamese message for every error code', () => {
    for (const code of Object.keys(errorRegistry)) expect(vi.errors[code as keyof typeof vi.errors], code).toBeTruthy();
  });
});
