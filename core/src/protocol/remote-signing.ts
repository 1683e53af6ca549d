import { z } from 'zod';
import { instant, providerId, uuidV7 } from '../schemas/primitives.ts';

/**
 * Remote signing at the counter (BRIEF §3): the key lives in the provider's HSM and the
 * citizen approves each signature in the provider's phone app. The counter asks the sync-server
 * to register the citizen with the provider (`POST remoteActivations` with the registration's
 * id only — the server takes name, ID number, phone and email from the registration it holds),
 * shows the activation the provider returns (a code and a QR for the phone app), and polls it
 * until the citizen has confirmed on their phone; then it records `remote.activated`.
 *
 * Why the server and not the agent: provider APIs need the network anyway (an offline counter
 * cannot register anyone), the provider credentials stay in one place instead of on every
 * counter PC, and the server already holds the registration, so personal data does not travel
 * again from the counter.
 */
export const remoteActivationRequest = z.object({ registrationId: uuidV7 });
export type RemoteActivationRequest = z.infer<typeof remoteActivationRequest>;

export const remoteActivationStatus = z.enum(['pending', 'confirmed', 'expired']);
export type RemoteActivationStatus = z.infer<typeof remoteActivationStatus>;

export const remoteActivation = z.object({
  activationId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  registrationId: uuidV7,
  providerId,
  /** The provider's phone app, as the citizen finds it in the app store ("VNPT SmartCA"). */
  appName: z.string().min(1).max(64),
  /** Typed into the app when the QR cannot be scanned. */
  code: z.string().regex(/^[0-9]{6,8}$/),
  /** What the QR encodes (the provider's activation link); rendered on the counter, never fetched. */
  qrPayload: z.string().min(1).max(512),
  status: remoteActivationStatus,
  expiresAt: instant,
  confirmedAt: instant.nullable(),
  /** The provider behind this is the built-in simulator (demo, tests): the counter shows a "confirm on the phone" stand-in. */
  simulated: z.boolean(),
});
export type RemoteActivation = z.infer<typeof remoteActivation>;

export const remoteActivationPath = (activationId: string): string => `/v1/remote-signing/activations/${encodeURIComponent(activationId)}`;
export const remoteActivationConfirmPath = (activationId: string): string =>
  `/v1/remote-signing/simulator/activations/${encodeURIComponent(activationId)}/confirm`;
