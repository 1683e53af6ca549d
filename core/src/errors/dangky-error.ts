import { errorRegistry, isErrorCode, type ErrorCode } from './registry.ts';

/**
 * The error every layer throws for an expected failure. The code survives wrapping
 * (pass the original as `cause`), so a retry decision or a translated message can
 * always be made from it.
 */
export class DangkyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Machine-readable detail safe to log (never personal data, never secrets). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: { cause?: unknown; detail?: Record<string, unknown>; message?: string } = {}) {
    super(options.message ?? errorRegistry[code].en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DangkyError';
    this.code = code;
    this.status = errorRegistry[code].status;
    this.detail = options.detail;
  }
}

/** The code of any thrown value: ours if it carries one (directly or in its cause chain), else internal. */
export function errorCodeOf(error: unknown, fallback: ErrorCode = 'DK_ERR_INTERNAL'): ErrorCode {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof DangkyError) return current.code;
    const code = (current as { code?: unknown }).code;
    if (isErrorCode(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return fallback;
}

/** The JSON body every HTTP error answer carries. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: { path: string; code: string }[] };
}

export const errorBody = (code: ErrorCode, issues?: { path: string; code: string }[]): ErrorBody => ({
  error: { code, message: errorRegistry[code].en, ...(issues ? { issues } : {}) },
});
