import { z } from 'zod';
import { looseEnvelope } from '../events/envelope.ts';
import { registrationStatus, outcomeKind, registrationDraft, cancelReason } from '../schemas/registration.ts';
import { deviceId, instant } from '../schemas/primitives.ts';
import { issuedCertificate } from '../events/event-types.ts';
import { tokenLifecycleStates, tokenRevocationReasons } from '../token/token-lifecycle.ts';

/**
 * Sync protocol v1, device ↔ sync-server. Devices authenticate every request with
 * `Authorization: Device <deviceId>:<secret>`.
 *
 * Push: a batch of events (envelopes checked loosely, payloads one by one, so one bad event
 * is rejected with a code and never blocks the events behind it). Pull: what changed for the
 * device's site since an opaque cursor the server issued.
 */
export const PROTOCOL_VERSION = 1;
export const MAX_PUSH_EVENTS = 1000;
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export const pushRequest = z.object({
  deviceId,
  events: z.array(looseEnvelope).min(1).max(MAX_PUSH_EVENTS),
});
export type PushRequest = z.infer<typeof pushRequest>;

export const pushResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted') }),
  z.object({ id: z.string(), status: z.literal('duplicate') }),
  z.object({ id: z.string(), status: z.literal('rejected'), code: z.string(), message: z.string() }),
]);
export type PushResult = z.infer<typeof pushResult>;

export const pushResponse = z.object({
  results: z.array(pushResult),
  /** Sequence numbers the server has not seen from this device, lowest first (a lost event shows here). */
  missingSeqs: z.array(z.number().int()).max(100),
  serverTime: instant,
});
export type PushResponse = z.infer<typeof pushResponse>;

/** A registration as the counter sees it in its site's queue. */
export const registrationView = z.object({
  registrationId: z.string(),
  draft: registrationDraft,
  status: registrationStatus,
  submittedAt: instant,
  calledAt: instant.nullable(),
  calledBy: z.string().nullable(),
  counterId: z.string().nullable(),
  completedAt: instant.nullable(),
  outcome: outcomeKind.nullable(),
  operatorId: z.string().nullable(),
  tokenSerial: z.string().nullable(),
  cancelReason: cancelReason.nullable(),
  /** Issue 5: the issued token's lifecycle and certificate, so "Tra cứu token" works from synced data. */
  tokenLifecycle: z.object({ state: z.enum(tokenLifecycleStates), reason: z.enum(tokenRevocationReasons).nullable() }).optional(),
  issuedCertificate: issuedCertificate.optional(),
  version: z.number().int(),
});
export type RegistrationView = z.infer<typeof registrationView>;

export const pullQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const pullResponse = z.object({
  registrations: z.array(registrationView),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponse>;
