import { z } from 'zod';
import { errorCode } from '../errors/registry.ts';
import { looseEnvelope } from '../events/envelope.ts';
import { registrationState } from '../events/registration-state.ts';
import { deviceId, instant, storableText } from '../schemas/primitives.ts';
import { hardwareReport } from './admin-devices.ts';

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

/**
 * What a device says about itself on its pushes, for the fleet page: no separate polling. A
 * device whose outbox is empty still pushes (no events, just this) about once a minute.
 */
export const deviceReport = z.object({
  appVersion: storableText.max(40),
  /** Events in the outbox, and when the oldest was written. */
  pending: z.number().int().min(0),
  oldestPendingAt: instant.nullable(),
  /** Events the server refused, kept on the device for a technician. */
  deadLetters: z.number().int().min(0),
  /** The device's clock as it sent this report: the server measures how far it is off (absent from older apps). */
  sentAt: instant.optional(),
  /** The station's devices as its hardware agent last reported them (empty without an agent). */
  hardware: z.array(hardwareReport).max(16),
});
export type DeviceReport = z.infer<typeof deviceReport>;

export const pushRequest = z
  .object({
    deviceId,
    /** Empty only when the push carries the device's report alone. */
    events: z.array(looseEnvelope).max(MAX_PUSH_EVENTS),
    report: deviceReport.optional(),
  })
  .refine((b) => b.events.length > 0 || b.report !== undefined, { path: ['events'], message: 'events or a report' });
export type PushRequest = z.infer<typeof pushRequest>;

export const pushResult = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted') }),
  z.object({ id: z.string(), status: z.literal('duplicate') }),
  z.object({
    id: z.string(),
    status: z.literal('rejected'),
    // A code this app version does not know yet (a newer server's) still rejects the event: it
    // reads as DK_ERR_INTERNAL instead of failing the whole answer and stalling the outbox.
    code: errorCode.catch('DK_ERR_INTERNAL'),
    message: z.string(),
  }),
]);
export type PushResult = z.infer<typeof pushResult>;

export const pushResponse = z.object({
  results: z.array(pushResult),
  /** Sequence numbers the server has not seen from this device, lowest first (a lost event shows here). */
  missingSeqs: z.array(z.number().int()).max(100),
  serverTime: instant,
});
export type PushResponse = z.infer<typeof pushResponse>;

export const pullQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const pullResponse = z.object({
  /** The site's registrations changed since the cursor, each as the server's fold left it. */
  registrations: z.array(registrationState),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponse>;
