import { clientHooks } from '@dangky/web/shell';
import { setupI18n } from '$lib/i18n/index.ts';

/** The counter-app's one error handler (the shell's): every unexpected failure gets a code and a translated message. */
export const { init, handleError } = clientHooks({ app: 'counter-app', setup: setupI18n });
