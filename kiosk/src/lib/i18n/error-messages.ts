import { addMessages } from 'svelte-i18n';
import { errorRegistry } from '@dangky/core/errors';

/**
 * Every registry code's message, in both languages, added to the catalogues when the flow
 * loads. Kept out of `vi.ts`/`en.ts` so the registry (both languages of every code) is not
 * part of the first-screen bundle; until it loads, an error shows its code.
 */
export const errorMessages = (language: 'vi' | 'en'): Record<string, string> =>
  Object.fromEntries(Object.entries(errorRegistry).map(([code, spec]) => [code, spec[language]]));

export function addErrorMessages(): void {
  addMessages('vi', { errors: errorMessages('vi') });
  addMessages('en', { errors: errorMessages('en') });
}
