import { clientHooks } from '@dangky/web/shell';
import { setupI18n } from '$lib/i18n/index.ts';

/** The kiosk's one error handler (the shell's): every unexpected failure gets a code and a translated message. */
export const { init, handleError } = clientHooks({ app: 'kiosk', setup: setupI18n });
