import { addMessages } from 'svelte-i18n';
import { enFlow } from './en-flow.ts';
import { viFlow } from './vi-flow.ts';
import { enKeyboard, viKeyboard } from '../keyboard/messages.ts';
import { enA11y, viA11y } from '../a11y/messages.ts';
import { errorMessages } from './error-messages.ts';

/**
 * What the catalogues get when the flow loads: the flow's texts and every registry code's
 * message, in both languages. Kept out of `vi.ts`/`en.ts` so neither is part of the
 * first-screen bundle (the kiosk's 50 KB budget); until it loads, an error shows its code.
 */
export function addFlowMessages(): void {
  addMessages('vi', { ...viFlow, keyboard: viKeyboard, a11y: viA11y, errors: errorMessages('vi') });
  addMessages('en', { ...enFlow, keyboard: enKeyboard, a11y: enA11y, errors: errorMessages('en') });
}
