import type { ClientInit, HandleClientError } from '@sveltejs/kit';
import { describeError, nameApp, reportError } from './errors.svelte.ts';

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
    // Each app declares App.Error as { code, message }: a ShownError.
    handleError: ({ error, status }) => (status === 404 ? describeError({ code: 'DK_ERR_NOT_FOUND' }) : reportError(error, 'handleError')),
  };
}
