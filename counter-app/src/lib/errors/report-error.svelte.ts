import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import { errorCodeOf, type ErrorCode } from '@dangky/core/errors';

/**
 * The app's one error path (STYLE §13): expected failures are states the screens show;
 * anything else lands here — from `hooks.client.ts` (`handleError`, `unhandledrejection`) or
 * from a screen that caught something it cannot handle. It logs the code and the English
 * message only (never the value that failed: it may be personal data) and shows a calm,
 * translated banner.
 */
export interface ShownError {
  code: ErrorCode;
  message: string;
}

export const errorState = $state<{ current: ShownError | null }>({ current: null });

export function messageFor(code: ErrorCode): string {
  const translate = get(_);
  const key = `errors.${code}`;
  const text = translate(key);
  return text === key ? code : text;
}

export function describeError(error: unknown): ShownError {
  const code = errorCodeOf(error);
  return { code, message: messageFor(code) };
}

export function reportError(error: unknown, where: string): ShownError {
  const shown = describeError(error);
  const english = error instanceof Error && shown.code !== 'DK_ERR_INTERNAL' ? error.message : ((error as Error | null)?.name ?? 'unknown');
  console.error(`counter-app:${where}`, shown.code, english);
  errorState.current = shown;
  return shown;
}

export const dismissError = (): void => {
  errorState.current = null;
};
