import type { ClientInit, HandleClientError } from '@sveltejs/kit';
import { setupI18n } from '$lib/i18n/index.ts';
import { messageFor, reportError } from '$lib/errors/report-error.svelte.ts';

/** The kiosk's one error handler: every unexpected failure gets a code and a translated message. */
export const init: ClientInit = () => {
  setupI18n();
  window.addEventListener('unhandledrejection', (event) => {
    event.preventDefault();
    reportError(event.reason, 'unhandledrejection');
  });
};

export const handleError: HandleClientError = ({ error, status }) => {
  if (status === 404) return { code: 'DK_ERR_NOT_FOUND', message: messageFor('DK_ERR_NOT_FOUND') };
  const shown = reportError(error, 'handleError');
  return { code: shown.code, message: shown.message };
};
