import type { IssuanceReceipt, IssuanceSubject } from '@dangky/core/machines';
import type { TokenKeyType } from '@dangky/core/agent';
import type { CounterOutcome, RegistrationState } from '@dangky/core/events';

/**
 * What the certificate will say about the citizen (BRIEF §3: `ST=<province>`, `CN=<full name>`,
 * `UID=CCCD:<12 digits>`), taken from the registration. The province is the last part of the
 * permanent address, as Vietnamese addresses end with it ("…, Phường Bến Thành, TP. Hồ Chí Minh").
 */
export function issuanceSubject(registration: RegistrationState): IssuanceSubject {
  const { fullName, idNumber, address } = registration.draft.identity;
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length >= 2);
  return { fullName, idNumber, province: parts.at(-1) ?? address.trim() };
}

/** The key each provider's profile asks for; RSA-2048 unless the provider is known to use P-256. */
const providerKeyTypes: Record<string, TokenKeyType> = { misa: 'p256' };
export const keyTypeFor = (providerId: string): TokenKeyType => providerKeyTypes[providerId] ?? 'rsa2048';

/**
 * The outcome the counter records for a verified receipt: the token's real serial and the
 * certificate on it (serial, end of validity, the registration's provider), so "Tra cứu token"
 * can find the certificate later without the receipt.
 */
export function issuedOutcome(
  receipt: IssuanceReceipt,
  registration: RegistrationState,
): Extract<CounterOutcome, { kind: 'token-issued' }> {
  const service = registration.draft.service;
  const providerId = service.kind === 'digital-signature' ? service.providerId : null;
  return {
    kind: 'token-issued',
    tokenSerial: receipt.tokenSerial,
    ...(providerId ? { certificate: { serial: receipt.certificateSerial, notAfter: receipt.notAfter, providerId } } : {}),
  };
}
