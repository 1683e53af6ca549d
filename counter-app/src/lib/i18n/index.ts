import { addMessages, init, locale } from 'svelte-i18n';
import { en } from './en.ts';
import { vi } from './vi.ts';

/**
 * svelte-i18n with both catalogues bundled (they are small; a counter PC may be offline).
 * Vietnamese is the default; the choice is kept per browser.
 */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
const STORAGE_KEY = 'dangky.counter.locale';

export function setupI18n(storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): void {
  addMessages('vi', vi);
  addMessages('en', en);
  const saved = storage?.getItem(STORAGE_KEY);
  init({ fallbackLocale: 'vi', initialLocale: saved === 'en' ? 'en' : 'vi' });
}

export function switchLocale(next: Locale, storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null): void {
  storage?.setItem(STORAGE_KEY, next);
  locale.set(next);
  document.documentElement.lang = next;
}
