import { randomUUID } from 'node:crypto';
import { debuglog } from 'node:util';
import { DangkyError, type ErrorCode } from '@dangky/core/errors';
import type { CaAdapter } from './ca-adapter.ts';
import { ProviderApiError, transientFailures, type ProviderApi, type ProviderCall, type ProviderFailureKind } from './provider-api.ts';

/**
 * A provider's CA behind the counter's CaAdapter interface: every call to the provider's API
 * is one logical request (one request id, kept across retries) tried until it answers, fails
 * for good, or the retry budget is spent. Transient failures (unreachable, timeout, HTTP 5xx,
 * HTTP 429) are retried with capped exponential backoff and full jitter, or after Retry-After
 * when the provider sends one; each attempt has its own deadline, and the whole request never
 * takes longer than `budgetMs`, so the counter's certify step has a known worst case. What
 * comes out is a DangkyError:
 *
 *   transient, budget spent → DK_ERR_CA_UNAVAILABLE   (detail: provider, op, attempts, last reason)
 *   rejected                → DK_ERR_CA_REQUEST_INVALID
 *   not-found               → DK_ERR_CA_SERIAL_UNKNOWN
 *   conflict                → DK_ERR_CA_ALREADY_REVOKED
 *
 * Logs (NODE_DEBUG=hardware:ca) carry the provider, operation, attempt and failure kind only.
 */

const log = debuglog('hardware:ca');

export interface RetryPolicy {
  /** Longest time one logical request may take, all attempts and waits included, ms. Default 20,000. */
  budgetMs: number;
  /** Deadline of one attempt, ms (cut to what is left of the budget). Default 8,000. */
  attemptTimeoutMs: number;
  /** First backoff, ms; doubles per attempt up to `maxDelayMs`. Defaults 400 and 4,000. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { budgetMs: 20_000, attemptTimeoutMs: 8_000, baseDelayMs: 400, maxDelayMs: 4_000 };

export interface AttemptReport {
  op: string;
  attempt: number;
  /** Null when the attempt answered. */
  failure: ProviderFailureKind | null;
  ms: number;
}

export interface ProviderCaOptions {
  id: string;
  api: ProviderApi;
  retry?: Partial<RetryPolicy>;
  /** Told of every attempt (tests, metrics). */
  onAttempt?: (report: AttemptReport) => void;
  /** For the jitter; default Math.random. */
  random?: () => number;
}

const finalCodes: Partial<Record<ProviderFailureKind, ErrorCode>> = {
  rejected: 'DK_ERR_CA_REQUEST_INVALID',
  'not-found': 'DK_ERR_CA_SERIAL_UNKNOWN',
  conflict: 'DK_ERR_CA_ALREADY_REVOKED',
};

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createProviderCa(options: ProviderCaOptions): CaAdapter {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const random = options.random ?? Math.random;
  const { id, api } = options;

  const attemptOnce = async <T>(work: (call: ProviderCall) => Promise<T>, requestId: string, timeoutMs: number): Promise<T> => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The API is expected to end on abort; the race makes sure a client that does not still cannot hold the counter.
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ProviderApiError('timeout'));
      }, timeoutMs);
    });
    try {
      return await Promise.race([work({ requestId, signal: controller.signal }), deadline]);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };

  const request = async <T>(op: string, work: (call: ProviderCall) => Promise<T>, requestId: string = randomUUID()): Promise<T> => {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      const left = policy.budgetMs - (performance.now() - started);
      const attemptStarted = performance.now();
      let failure: ProviderApiError;
      try {
        const result = await attemptOnce(work, requestId, Math.max(1, Math.min(policy.attemptTimeoutMs, left)));
        options.onAttempt?.({ op, attempt, failure: null, ms: performance.now() - attemptStarted });
        return result;
      } catch (error) {
        failure = error instanceof ProviderApiError ? error : new ProviderApiError('server-error', { cause: error });
      }
      options.onAttempt?.({ op, attempt, failure: failure.kind, ms: performance.now() - attemptStarted });
      log('%s %s attempt %d: %s', id, op, attempt, failure.kind);
      const detail = {
        provider: id,
        op,
        attempts: attempt,
        reason: failure.reason ?? failure.kind,
        ...(failure.status ? { status: failure.status } : {}),
      };
      const finalCode = finalCodes[failure.kind];
      if (finalCode) throw new DangkyError(finalCode, { cause: failure, detail });
      if (!transientFailures.has(failure.kind)) throw new DangkyError('DK_ERR_CA_UNAVAILABLE', { cause: failure, detail });
      const backoff = random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = failure.kind === 'rate-limited' && failure.retryAfterMs !== undefined ? failure.retryAfterMs : backoff;
      // Give up now rather than wait for a retry that cannot finish inside the budget.
      if (performance.now() - started + delay + 50 >= policy.budgetMs)
        throw new DangkyError('DK_ERR_CA_UNAVAILABLE', { cause: failure, detail: { ...detail, reason: failure.kind } });
      await wait(delay);
    }
  };

  return {
    id,
    caCertificatePem: () => request('ca-certificate', (call) => api.caCertificatePem(call)),
    submitCsr: (csrPem, enrolment) => request('submit', (call) => api.submitCsr(csrPem, call), enrolment?.requestId),
    certificateFor: (requestId) => request('find', (call) => api.certificateFor(requestId, call)),
    revoke: (serial, reason) => request('revoke', (call) => api.revoke(serial, reason, call)),
    status: (serial) => request('status', (call) => api.status(serial, call)),
    crl: () => request('crl', (call) => api.crl(call)),
    close: () => api.close(),
  };
}
