import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import type { ErrorCode } from '@dangky/core/errors';

/**
 * The kiosk's one error path (STYLE §13): expected failures are states the screens show (a
 * wrong field, a printer that failed); anything else lands here — from `hooks.client.ts` or a
 * screen that cannot handle it. It logs the code and an English word only (never the value
 * that failed: it may be personal data) and shows a calm, translated message.
 */
export interface ShownError {
  code: ErrorCode;
  message: string;
}

export const errorState = $state<{ current: ShownError | null }>({ current: null });

export function messageFor(code: ErrorCode): string {
  const key = `errors.${code}`;
  const text = get(_)(key);
  return text === key ? code : text;
}

/**
 * The code a failure carries, or DK_ERR_INTERNAL. Deliberately not core's `errorCodeOf`: that
 * pulls the whole registry into the first-screen bundle; the message lookup below is what
 * checks the code (an unknown one shows as the code itself).
 */
const codeOf = (error: unknown): ErrorCode => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^DK_ERR_[A-Z0-9_]+$/.test(code) ? (code as ErrorCode) : 'DK_ERR_INTERNAL';
};

export function reportError(error: unknown, where: string): ShownError {
  const code = codeOf(error);
  const shown = { code, message: messageFor(code) };
  console.error(`kiosk:${where}`, code, error instanceof Error ? error.name : typeof error);
  errorState.current = shown;
  return shown;
}

export const dismissError = (): void => {
  errorState.current = null;
};
