import { z } from 'zod';
import { registrationDraft, cancelReason } from '../schemas/registration.ts';
import { staffId, uuidV7 } from '../schemas/primitives.ts';

/**
 * Every event type and its payload. Events are the source of truth: projections on the
 * server and views on the devices are folds of them. Adding a type is adding a schema here
 * and a case in `fold-registration.ts`; payloads never change shape once shipped (add a new
 * type or an optional field instead).
 */
const byOperator = { registrationId: uuidV7, operatorId: staffId };

/**
 * How the identity behind a signature was established at the counter (issue 5: a signature is
 * issued only to a chip-verified identity or one an officer confirmed): `chip-verified` = the
 * registration came with a verified chip read; `chip-matched` = the clerk read the card's chip
 * at the counter and it matched; `documents-checked` = the clerk compared the ID card by eye.
 */
export const identityCheck = z.enum(['chip-verified', 'chip-matched', 'documents-checked']);
export type IdentityCheck = z.infer<typeof identityCheck>;

export const eventPayloads = {
  'registration.submitted': registrationDraft,
  'registration.called': z.object({ ...byOperator, counterId: z.string().min(1).max(64) }),
  'token.issued': z.object({
    ...byOperator,
    tokenSerial: z.string().trim().regex(/^[A-Za-z0-9-]{4,32}$/, { error: 'DK_ERR_TOKEN_SERIAL_INVALID' }),
    identityCheck: identityCheck.optional(),
  }),
  'remote.activated': z.object({ ...byOperator, identityCheck: identityCheck.optional() }),
  'eid.level2.recorded': z.object({ ...byOperator, outcome: z.literal('handed-to-officer') }),
  'registration.cancelled': z.object({
    ...byOperator,
    reason: cancelReason,
    note: z.string().max(500).optional(),
  }),
} as const;

export type EventType = keyof typeof eventPayloads;
export const eventTypes = Object.keys(eventPayloads) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;
