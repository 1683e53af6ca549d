import { z } from 'zod';
import { registrationDraft, cancelReason } from '../schemas/registration.ts';
import { keyType } from '../schemas/service.ts';
import { instant, providerId, staffId, uuidV7 } from '../schemas/primitives.ts';
import { tokenRevocationReasons, tokenUnblockReasons } from '../token/token-lifecycle.ts';
import {
  chipReadPayload,
  correctedPayload,
  eidResultPayload,
  mismatchApprovedPayload,
  noShowPayload,
  parkedPayload,
  putBackPayload,
  transferredPayload,
  revocationRequester,
} from './gate-events.ts';

/**
 * Every event type and its payload. Events are the source of truth: projections on the
 * server and views on the devices are folds of them. Adding a type is adding a schema here
 * and a case in `fold-registration.ts`; payloads never change shape once shipped (add a new
 * type or an optional field instead).
 */
const byOperator = { registrationId: uuidV7, operatorId: staffId };

/**
 * How the identity behind a signature was established at the counter (a signature is
 * issued only to a chip-verified identity or one an officer confirmed): `chip-verified` = the
 * registration came with a verified chip read; `chip-matched` = the clerk read the card's chip
 * at the counter and it matched; `documents-checked` = the clerk compared the ID card by eye.
 */
export const tokenSerial = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{4,32}$/, { error: 'DK_ERR_TOKEN_SERIAL_INVALID' });

export const identityCheck = z.enum(['chip-verified', 'chip-matched', 'documents-checked']);
export type IdentityCheck = z.infer<typeof identityCheck>;

/** A certificate serial as the CA gives it: hex, case ignored (the agent answers in lowercase). */
const certificateSerialSchema = z.string().regex(/^[0-9a-f]{2,64}$/i);

/**
 * The certificate written on an issued token, so "Tra cứu token" can find it later by
 * the citizen's ID number, ticket or token serial and revoke it without anyone typing the serial
 * from the receipt. Optional: events recorded before it existed, and hand-typed serials, lack it.
 */
export const issuedCertificate = z.object({
  serial: certificateSerialSchema,
  notAfter: instant,
  /** The provider whose CA certified the key (the registration's provider). */
  providerId,
});
export type IssuedCertificate = z.infer<typeof issuedCertificate>;

export const eventPayloads = {
  'registration.submitted': registrationDraft,
  'registration.called': z.object({ ...byOperator, counterId: z.string().min(1).max(64) }),
  'token.issued': z.object({
    ...byOperator,
    tokenSerial,
    identityCheck: identityCheck.optional(),
    certificate: issuedCertificate.optional(),
    /** The key generated on the token; the server checks the provider's catalogue lists it (absent from older counters). */
    keyType: keyType.optional(),
  }),
  'remote.activated': z.object({ ...byOperator, identityCheck: identityCheck.optional() }),
  /**
   * After-issuance changes to a token, audited with a reason. They refer to the
   * registration the token was issued for, and the fold checks them with the token lifecycle
   * statechart, so the counter and the server refuse the same illegal changes.
   */
  'token.pin-unblocked': z.object({
    ...byOperator,
    tokenSerial,
    reason: z.enum(tokenUnblockReasons),
    /** How the holder was identified at the counter for this change (the token-care gate). */
    identityCheck: identityCheck.optional(),
  }),
  'token.revoked': z.object({
    ...byOperator,
    tokenSerial,
    reason: z.enum(tokenRevocationReasons),
    /** The certificate the CA revoked (hex serial), when the counter's agent did it. */
    certificateSerial: certificateSerialSchema.optional(),
    /** How the holder was identified at the counter (absent when an authority asked for it). */
    identityCheck: identityCheck.optional(),
    /** Who asked: the holder, or an authority in writing (its name and document reference). */
    requestedBy: revocationRequester.optional(),
  }),
  'eid.level2.recorded': z.object({ ...byOperator, outcome: z.literal('handed-to-officer') }),
  'registration.cancelled': z.object({
    ...byOperator,
    reason: cancelReason,
    note: z.string().max(500).optional(),
    /** The clerk explicitly confirmed a "citizen left" cancellation before the no-show grace ran out. */
    confirmed: z.boolean().optional(),
  }),
  'identity.chip-read': chipReadPayload,
  'identity.mismatch-approved': mismatchApprovedPayload,
  'registration.corrected': correctedPayload,
  'registration.no-show': noShowPayload,
  'registration.put-back': putBackPayload,
  'registration.transferred': transferredPayload,
  'registration.parked': parkedPayload,
  'eid.level2.result-recorded': eidResultPayload,
} as const;

export type EventType = keyof typeof eventPayloads;
export const eventTypes = Object.keys(eventPayloads) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;
