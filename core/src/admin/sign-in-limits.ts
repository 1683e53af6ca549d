/**
 * How many wrong passwords a sign-in may cost before it must wait, and before it is locked —
 * decided from what the server remembers of earlier failures, before any password is hashed, so a
 * refused guess costs the server one small read. Counted twice: per account (someone guessing one
 * clerk's password) and per address (one machine guessing many accounts). An account's lock lasts
 * until an administrator lifts it; an address's lock ends by itself, because a ward office's
 * computers often share one address and a whole office must not wait for an administrator.
 */
export interface SignInLimit {
  /** Failures that cost nothing. */
  readonly free: number;
  /** The wait after the first failure past the free ones; doubled by each further one. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** Failures at which the key is locked. */
  readonly lockAfter: number;
  /** How long a lock lasts; null: until an administrator lifts it. */
  readonly lockMs: number | null;
  /** Failures older than this are forgotten (a locked key keeps them). */
  readonly forgetAfterMs: number;
}

export const signInLimits = {
  account: { free: 3, firstDelayMs: 1_000, maxDelayMs: 60_000, lockAfter: 10, lockMs: null, forgetAfterMs: 24 * 3_600_000 },
  address: { free: 10, firstDelayMs: 1_000, maxDelayMs: 60_000, lockAfter: 50, lockMs: 15 * 60_000, forgetAfterMs: 3_600_000 },
} as const satisfies Record<'account' | 'address', SignInLimit>;

/** What the server remembers of one account's or one address's failures. */
export interface FailureRecord {
  readonly failures: number;
  readonly lastFailureAt: number;
}

export type SignInGate =
  | { readonly kind: 'open' }
  | { readonly kind: 'wait'; readonly retryAfterMs: number }
  | { readonly kind: 'locked'; readonly retryAfterMs: number | null };

/** Failures that still count now: none once they are forgotten or a timed lock has run out. */
export function failuresNow(record: FailureRecord | undefined, now: number, limit: SignInLimit): number {
  if (!record) return 0;
  const age = now - record.lastFailureAt;
  if (record.failures >= limit.lockAfter) return limit.lockMs !== null && age >= limit.lockMs ? 0 : record.failures;
  return age >= limit.forgetAfterMs ? 0 : record.failures;
}

/** The wait owed after `failures` failures: none while free, then doubling up to the maximum. */
export function delayAfter(failures: number, limit: SignInLimit): number {
  if (failures < limit.free) return 0;
  return Math.min(limit.maxDelayMs, limit.firstDelayMs * 2 ** Math.min(30, failures - limit.free));
}

/** May a sign-in be tried now, given this key's failures? */
export function signInGate(record: FailureRecord | undefined, now: number, limit: SignInLimit): SignInGate {
  const failures = failuresNow(record, now, limit);
  if (!record || failures === 0) return { kind: 'open' };
  if (failures >= limit.lockAfter)
    return { kind: 'locked', retryAfterMs: limit.lockMs === null ? null : record.lastFailureAt + limit.lockMs - now };
  // A free failure owes no wait, even to an attempt whose clock was read just before it was counted.
  const delay = delayAfter(failures, limit);
  const wait = record.lastFailureAt + delay - now;
  return delay > 0 && wait > 0 ? { kind: 'wait', retryAfterMs: wait } : { kind: 'open' };
}

export type SignInVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly code: 'DK_ERR_ACCOUNT_LOCKED' | 'DK_ERR_ADDRESS_LOCKED' | 'DK_ERR_SIGN_IN_THROTTLED';
      /** Null for an account lock: only an administrator ends it. */
      readonly retryAfterMs: number | null;
    };

/** The account's and the address's gates as one answer: a lock first, else the longer wait. */
export function signInVerdict(account: SignInGate, address: SignInGate): SignInVerdict {
  if (account.kind === 'locked') return { ok: false, code: 'DK_ERR_ACCOUNT_LOCKED', retryAfterMs: null };
  if (address.kind === 'locked') return { ok: false, code: 'DK_ERR_ADDRESS_LOCKED', retryAfterMs: address.retryAfterMs };
  const wait = Math.max(account.kind === 'wait' ? account.retryAfterMs : 0, address.kind === 'wait' ? address.retryAfterMs : 0);
  return wait > 0 ? { ok: false, code: 'DK_ERR_SIGN_IN_THROTTLED', retryAfterMs: wait } : { ok: true };
}
