import type { IssuanceReceipt, IssuanceSubject } from '@dangky/core/machines';
import type { TokenKeyType } from '@dangky/core/agent';
import type { CounterOutcome, RegistrationState } from '@dangky/core/events';
import { offeredKeyTypes } from '@dangky/core/gates';
import type { Provider } from '@dangky/core/schemas';

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

/**
 * The key types the registration's provider certifies on tokens, from the catalogue the counter
 * holds (core's `offeredKeyTypes`); the first is generated unless the clerk picks another. Empty
 * while the catalogue is not known: nothing is issued on a guess the server would refuse.
 */
export const tokenKeyTypesFor = (providers: readonly Provider[], registration: RegistrationState): readonly TokenKeyType[] =>
  offeredKeyTypes(providerOf(providers, registration), 'token');

/** The registration's provider in the catalogue the counter holds (its key types, its programme terms). */
export function providerOf(providers: readonly Provider[], registration: RegistrationState): Provider | undefined {
  const service = registration.draft.service;
  return service.kind === 'digital-signature' ? providers.find((p) => p.id === service.providerId) : undefined;
}

/** How a key type is named on the counter's screens and receipt. */
export const keyTypeName = (k: TokenKeyType): string => (k === 'rsa2048' ? 'RSA-2048' : 'ECDSA P-256');

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
    keyType: receipt.keyType,
  };
}
