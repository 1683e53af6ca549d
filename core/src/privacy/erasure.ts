import type { RegistrationStatus } from '../schemas/registration.ts';

/**
 * A citizen's request to erase their data now, before its retention period ends (Law 91/2025:
 * the data subject may ask for deletion). What the registration point holds is its own working
 * copy — the provider keeps the certificate's records under its own rules — so once the service
 * is over (completed or cancelled) nothing here needs it and it goes at once. A registration still
 * waiting or being served is refused: its data is what the clerk serves the citizen with, and
 * the citizen who no longer wants the service has it cancelled first (at the counter), then
 * erased. What stays is what holds no readable personal value: counts, the audit chain, and the
 * keyed hash of the ID number that the one-free-certificate rule needs.
 */
export type ErasureVerdict =
  | { kind: 'erase' }
  /** Erased already (by retention or an earlier request): nothing to do, and nothing to refuse. */
  | { kind: 'already-erased' }
  | { kind: 'refused'; code: 'DK_ERR_ERASURE_REGISTRATION_OPEN' };

export function erasureOnRequest(registration: { status: RegistrationStatus; erased: boolean }): ErasureVerdict {
  if (registration.erased) return { kind: 'already-erased' };
  if (registration.status === 'completed' || registration.status === 'cancelled') return { kind: 'erase' };
  return { kind: 'refused', code: 'DK_ERR_ERASURE_REGISTRATION_OPEN' };
}
