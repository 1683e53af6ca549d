import type { TokenRevocationReason } from '@dangky/core/token';

/**
 * What the counter needs from a certificate authority, whoever runs it: the built-in CA of
 * the demo and tests (builtin-ca.ts), or a provider's (VNPT, Viettel, MISA …) behind an
 * adapter of the same shape. Every failure is a DangkyError: `DK_ERR_CA_UNAVAILABLE` (retry
 * later), `DK_ERR_CA_REQUEST_INVALID`, `DK_ERR_CA_SERIAL_UNKNOWN`, `DK_ERR_CA_ALREADY_REVOKED`.
 */

export interface IssuedCertificate {
  /** PEM of the end-entity certificate. */
  certificatePem: string;
  /** Serial number, lowercase hex as in the certificate. */
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

export type CertificateStatus =
  { status: 'good' } | { status: 'revoked'; revokedAt: Date; reason: TokenRevocationReason } | { status: 'unknown' };

export interface CaAdapter {
  readonly id: string;
  /** The CA certificate(s) a verifier needs, PEM. */
  caCertificatePem(): Promise<string>;
  /**
   * Checks and signs a PKCS#10 request (PEM); the subject must follow BRIEF §3. `requestId` (a
   * UUID the caller journals before sending) names the request at the CA, like an enrolment
   * API's Idempotency-Key: a retry with it gets the answer already given, and `certificateFor`
   * finds what it issued when the answer was lost. Absent: the adapter makes one per call.
   */
  submitCsr(csrPem: string, request?: { requestId: string }): Promise<IssuedCertificate>;
  /** The certificate a request issued (its serial), or null when the CA carried out no such request. */
  certificateFor(requestId: string): Promise<{ serial: string } | null>;
  revoke(serial: string, reason: TokenRevocationReason): Promise<void>;
  status(serial: string): Promise<CertificateStatus>;
  /** The current CRL, PEM, listing every revoked certificate. */
  crl(): Promise<string>;
  close(): Promise<void>;
}
