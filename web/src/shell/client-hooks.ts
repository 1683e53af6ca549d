import type { ClientInit, HandleClientError } from '@sveltejs/kit';
import { messageFor, nameApp, reportError } from './errors.svelte.ts';

/**
 * The client hooks both apps export from `hooks.client.ts`: `init` sets up the app (its
 * translations) and sends every unhandled rejection to the one error handler; `handleError` gives
 * every unexpected failure a code and a translated message for the error page.
 */
export function clientHooks(options: { app: string; setup: () => void }): { init: ClientInit; handleError: HandleClientError } {
  return {
    init: () => {
      nameApp(options.app);
      options.setup();
      window.addEventListener('unhandledrejection', (event) => {
        event.preventDefault();
        reportError(event.reason, 'unhandledrejection');
      });
    },
    handleError: ({ error, status }) => {
      if (status === 404) return { code: 'DK_ERR_NOT_FOUND', message: messageFor('DK_ERR_NOT_FOUND') };
      const shown = reportError(error, 'handleError');
      return { code: shown.code, message: shown.message };
    },
  };
}
