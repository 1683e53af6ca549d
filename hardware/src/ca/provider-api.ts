import type { TokenRevocationReason } from '@dangky/core/token';
import type { CertificateStatus, IssuedCertificate } from './ca-adapter.ts';

/**
 * The wire side of a provider's CA (VNPT, Viettel, MISA …): what an HTTP client for the
 * provider's enrolment API would expose, with failures as the transport sees them — not yet
 * our codes. provider-ca.ts puts the retry policy and the mapping to DK_ERR_CA_* on top, so a
 * real provider client only has to implement this interface. Until the providers' APIs are
 * available, provider-sim.ts implements it over a real X.509 CA.
 */

/**
 * `unreachable` (connection refused / DNS), `timeout` (no answer before the attempt's
 * deadline), `server-error` (HTTP 5xx), `rate-limited` (HTTP 429, maybe with Retry-After) are
 * transient; `rejected` (HTTP 400/422: the request, e.g. the subject), `not-found` (HTTP 404:
 * unknown serial) and `conflict` (HTTP 409: already revoked) are final.
 */
export type ProviderFailureKind = 'unreachable' | 'timeout' | 'server-error' | 'rate-limited' | 'rejected' | 'not-found' | 'conflict';

export const transientFailures: ReadonlySet<ProviderFailureKind> = new Set(['unreachable', 'timeout', 'server-error', 'rate-limited']);

export class ProviderApiError extends Error {
  readonly kind: ProviderFailureKind;
  /** HTTP status where there was an answer. */
  readonly status: number | undefined;
  /** From Retry-After, ms. */
  readonly retryAfterMs: number | undefined;
  /** Short machine reason from the provider's body, e.g. `subject`, `key-type`; never personal data. */
  readonly reason: string | undefined;

  constructor(kind: ProviderFailureKind, options: { status?: number; retryAfterMs?: number; reason?: string; cause?: unknown } = {}) {
    super(`provider CA: ${kind}${options.status ? ` (HTTP ${options.status})` : ''}${options.reason ? `: ${options.reason}` : ''}`, {
      cause: options.cause,
    });
    this.name = 'ProviderApiError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.reason = options.reason;
  }
}

/** One attempt of one logical request. */
export interface ProviderCall {
  /** The same for every retry of one logical request (the Idempotency-Key a real API gets), so a retried enrolment never issues twice. */
  requestId: string;
  /** Aborted when the attempt's deadline passes. */
  signal: AbortSignal;
}

export interface ProviderApi {
  submitCsr(csrPem: string, call: ProviderCall): Promise<IssuedCertificate>;
  /** What the enrolment request `requestId` issued (GET on the request, as enrolment APIs offer), or null when the provider never carried it out. */
  certificateFor(requestId: string, call: ProviderCall): Promise<{ serial: string } | null>;
  revoke(serial: string, reason: TokenRevocationReason, call: ProviderCall): Promise<void>;
  status(serial: string, call: ProviderCall): Promise<CertificateStatus>;
  crl(call: ProviderCall): Promise<string>;
  caCertificatePem(call: ProviderCall): Promise<string>;
  close(): Promise<void>;
}
