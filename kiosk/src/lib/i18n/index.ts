import { addMessages, init, locale } from 'svelte-i18n';
import { en } from './en.ts';
import { vi } from './vi.ts';

/**
 * svelte-i18n with both catalogues bundled: the kiosk may have no network, and switching
 * language must be instant. Vietnamese is the default and every new citizen starts in it.
 */
export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function setupI18n(): void {
  addMessages('vi', vi);
  addMessages('en', en);
  init({ fallbackLocale: 'vi', initialLocale: 'vi' });
}

export function switchLocale(next: Locale): void {
  void locale.set(next);
  document.documentElement.lang = next;
}
