import type { RemoteActivationStatus } from '@dangky/core/protocol';

/**
 * One remote-signing provider (VNPT SmartCA, Viettel MySign, MISA eSign …) as the server sees
 * it: `register` a citizen → an activation (code + QR link for the provider's phone app) →
 * `status` until the citizen has `confirmed` it on the phone, or it has `expired`. Failures are
 * `DangkyError`s with registry codes: DK_ERR_REMOTE_UNAVAILABLE (provider unreachable — retry),
 * DK_ERR_REMOTE_ALREADY_REGISTERED (an active account exists for this ID number),
 * DK_ERR_REMOTE_ACTIVATION_EXPIRED / _UNKNOWN.
 *
 * Provider adapters sit behind this interface; until their APIs are open to us the simulator
 * (`simulator.ts`) stands in for all of them.
 */
export interface RemoteSigningRegistration {
  providerId: string;
  /** The provider's product, for the app name shown to the citizen. */
  providerProduct: string;
  /** Our registration id, sent as the provider's idempotency key. */
  registrationId: string;
  fullName: string;
  idNumber: string;
  phone: string;
  email: string | null;
}

export interface ProviderActivation {
  activationId: string;
  registrationId: string;
  providerId: string;
  appName: string;
  code: string;
  qrPayload: string;
  status: RemoteActivationStatus;
  expiresAt: string;
  confirmedAt: string | null;
}

export interface RemoteSigningAdapter {
  /** Registers the citizen and starts an activation; the same registration asked again gets its pending activation back. */
  register(registration: RemoteSigningRegistration): Promise<ProviderActivation>;
  status(activationId: string): Promise<ProviderActivation>;
  /** Only the simulator has this: what the citizen's tap in the phone app does. */
  readonly simulator?: { confirm(activationId: string): Promise<ProviderActivation> };
}
