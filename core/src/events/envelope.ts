import { z } from 'zod';
import { deviceId, instant, unstorableTextPaths, uuidV7 } from '../schemas/primitives.ts';
import { hcmDay } from '../time/hcm-day.ts';
import { eventPayloads, type EventType } from './event-types.ts';

/**
 * The envelope every event travels in, device → server → device. `seq` is the device's own
 * counter (1, 2, 3 …) so the server can see gaps; `id` is a UUIDv7 made on the device so a
 * replayed push is recognised and stored once.
 */
const envelopeBase = {
  v: z.literal(1),
  id: uuidV7,
  deviceId,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  occurredAt: instant,
};

const env = <T extends EventType>(type: T) => z.object({ ...envelopeBase, type: z.literal(type), payload: eventPayloads[type] });

/** Nobody registers before they are born: the birth date is not after the Ho Chi Minh day the event happened. */
const submitted = env('registration.submitted').refine((e) => e.payload.identity.birthDate <= hcmDay(e.occurredAt), {
  error: 'DK_ERR_BIRTH_DATE_RANGE',
  path: ['payload', 'identity', 'birthDate'],
});

/**
 * Every event: its envelope, its type's payload, and — over the whole payload as parsed — no
 * string the database cannot store (`unstorableTextPaths`), each such field named by its path.
 */
export const eventEnvelope = z
  .discriminatedUnion('type', [
    submitted,
    env('registration.called'),
    env('token.issued'),
    env('remote.activated'),
    env('token.pin-unblocked'),
    env('token.revoked'),
    env('eid.level2.recorded'),
    env('registration.cancelled'),
    env('identity.chip-read'),
    env('identity.mismatch-approved'),
    env('registration.corrected'),
    env('registration.no-show'),
    env('registration.put-back'),
    env('registration.transferred'),
    env('registration.parked'),
    env('eid.level2.result-recorded'),
  ])
  .superRefine((event, ctx) => {
    for (const path of unstorableTextPaths(event.payload, ['payload']))
      ctx.addIssue({ code: 'custom', message: 'DK_ERR_TEXT_UNSTORABLE', path });
  });

/** The envelope with its payload still unchecked, to reject one event without losing the batch. */
export const looseEnvelope = z.object({ ...envelopeBase, type: z.string().max(64), payload: z.unknown() });

export type DomainEvent = z.infer<typeof eventEnvelope>;
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** The id of the registration an event belongs to. */
export const registrationIdOf = (event: DomainEvent): string => event.payload.registrationId;
