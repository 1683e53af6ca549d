import type { ErrorCode } from '@dangky/core/errors';

/**
 * The registry code a failure carries — its own or one in its `cause` chain (a wrapped error keeps
 * the code a message depends on) — or DK_ERR_INTERNAL. Like core's `errorCodeOf`, but it checks a
 * code by its shape, not against the registry: the error handler is part of the kiosk's first
 * screen, and the registry (every code with two languages) would not fit its budget. An unknown
 * code is harmless here: its message lookup finds nothing and the code itself is shown.
 */
const CODE = /^DK_ERR_[A-Z0-9_]+$/;
const MAX_DEPTH = 8;

export function codeOf(error: unknown, fallback: ErrorCode = 'DK_ERR_INTERNAL'): ErrorCode {
  let current: unknown = error;
  for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CODE.test(code)) return code as ErrorCode;
    current = (current as { cause?: unknown }).cause;
  }
  return fallback;
}
