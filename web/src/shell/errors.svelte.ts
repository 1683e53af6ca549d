import { get } from 'svelte/store';
import { _, locale } from 'svelte-i18n';
import type { ErrorCode } from '@dangky/core/errors';
import { codeOf } from './error-code.ts';

/**
 * The app's one error path (STYLE §13), the same in the kiosk and the counter: expected failures
 * are states the screens show (a wrong field, a printer that failed); anything else lands here —
 * from the client hooks (`handleError`, `unhandledrejection`) or from a screen that caught
 * something it cannot handle. It logs the code and the error's name only (a message may hold the
 * value that failed, which may be personal data) and shows a calm, translated banner. The messages come from each app's svelte-i18n catalogue (`errors.<code>`).
 */
export interface ShownError {
  code: ErrorCode;
  message: string;
}

export const errorState = $state<{ current: ShownError | null }>({ current: null });

let appName = 'app';

/** The prefix of this app's log lines (`kiosk:open-kiosk …`); set once by the client hooks. */
export function nameApp(name: string): void {
  appName = name;
}

/**
 * The language now shown, as state a template or `$derived` that calls `messageFor` depends on:
 * an error already on screen is shown again in the new language when the citizen switches (a
 * store read with `get` alone is not tracked, so it stayed in the old language).
 */
const shown = $state<{ locale: string | null | undefined }>({ locale: undefined });
locale.subscribe((value) => (shown.locale = value));

/** The translated message of a code in the current language, or the code itself while the catalogue lacks it. */
export function messageFor(code: ErrorCode): string {
  void shown.locale;
  const key = `errors.${code}`;
  const text = get(_)(key);
  return text === key ? code : text;
}

export function describeError(error: unknown): ShownError {
  const code = codeOf(error);
  return { code, message: messageFor(code) };
}

export function reportError(error: unknown, where: string): ShownError {
  const shown = describeError(error);
  console.error(`${appName}:${where}`, shown.code, error instanceof Error ? error.name : typeof error);
  errorState.current = shown;
  return shown;
}

export const dismissError = (): void => {
  errorState.current = null;
};
