import { z } from 'zod';
import { consent, contact } from './contact.ts';
import { identity } from './identity.ts';
import { kioskSeconds } from './kiosk-time.ts';
import { siteId, uuidV7 } from './primitives.ts';
import { service } from './service.ts';
import { ticket } from './ticket.ts';

/** One citizen, one service, as submitted at a kiosk. */
export const registrationDraft = z.object({
  registrationId: uuidV7,
  siteId,
  service,
  identity,
  contact,
  consent,
  ticket,
  language: z.enum(['vi', 'en']),
  /**
   * The citizen asked for priority at the kiosk (elderly, disability, pregnancy, with a child):
   * one tap, no proof asked. Absent means no, and on every submission made before it existed.
   */
  priority: z.boolean().optional(),
  /**
   * Whole seconds the citizen spent at the kiosk before this submission (kiosk-time.ts): what the
   * booth-day planner measures the kiosk time from. Absent on every submission made before it
   * existed, and when the kiosk had no measurement it could trust.
   */
  kioskSeconds: kioskSeconds.optional(),
});

export type RegistrationDraft = z.infer<typeof registrationDraft>;

export const registrationStatus = z.enum(['waiting', 'called', 'completed', 'cancelled']);
export type RegistrationStatus = z.infer<typeof registrationStatus>;

export const outcomeKind = z.enum(['token-issued', 'remote-activated', 'eid-level2-handed-over', 'cancelled']);
export type OutcomeKind = z.infer<typeof outcomeKind>;

export const cancelReason = z.enum(['citizen-left', 'identity-mismatch', 'duplicate', 'card-problem', 'provider-unavailable', 'other'], {
  error: 'DK_ERR_CANCEL_REASON_REQUIRED',
});
export type CancelReason = z.infer<typeof cancelReason>;
