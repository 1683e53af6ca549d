import { z } from 'zod';
import { deskService } from '../queue/desk.ts';
import { TRANSFER_NOTE_MAX } from '../queue/queue-action.ts';
import { email, phone } from '../schemas/contact.ts';
import { address, birthDate, fullName, idNumber, sex } from '../schemas/identity.ts';
import { staffId, uuidV7 } from '../schemas/primitives.ts';
import { cardExpiryVerdict, chipVerdict } from '../gates/identity-evidence.ts';
import { chipFieldMatches } from '../gates/chip-comparison.ts';
import { eidResultKind } from '../gates/holding.ts';

/**
 * The payloads of the events the gates rest on. Each is its own event type, so no shipped payload
 * changes shape; the fold (`fold-registration.ts`) applies them and the server's push checks them.
 * None carries a chip's personal values: a chip read records its verdict and, per field, whether
 * the registration matched; a correction carries the new values it makes true (like the
 * submission it corrects, never rewriting it).
 */
const byOperator = { registrationId: uuidV7, operatorId: staffId };

/** The counter read the card's chip, for issuance or for token care. */
export const chipReadPayload = z.object({
  ...byOperator,
  verdict: chipVerdict,
  access: z.enum(['PACE', 'BAC']).optional(),
  fields: chipFieldMatches,
  cardExpiry: cardExpiryVerdict,
  purpose: z.enum(['issuance', 'token-care']),
});

export const APPROVAL_REASON_MIN = 10;
/** A written reason, as a person writes it: trimmed, at least a short sentence. */
export const approvalReason = z
  .string()
  .transform((s) => s.normalize('NFC').trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(APPROVAL_REASON_MIN, { error: 'DK_ERR_APPROVAL_REASON_REQUIRED' }).max(500));

/**
 * A site manager approved serving despite an unverified (or failed) chip that disagrees. The
 * operator is the manager; `approvalId` names the approval they made on the server with their
 * own sign-in, which the server checks before it stores this event.
 */
export const mismatchApprovedPayload = z.object({
  ...byOperator,
  approvalId: uuidV7,
  /** The counter chip read approved; `null` for the kiosk's read. */
  chipReadId: uuidV7.nullable(),
  reason: approvalReason,
});

export const CORRECTABLE_FIELDS = ['idNumber', 'fullName', 'birthDate', 'sex', 'address', 'phone', 'email'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export const correctionChanges = z
  .object({
    idNumber: idNumber.optional(),
    fullName: fullName.optional(),
    birthDate: birthDate.optional(),
    sex: sex.optional(),
    address: address.optional(),
    phone: phone.optional(),
    email: email.nullable().optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, { error: 'DK_ERR_CORRECTION_EMPTY' });
export type CorrectionChanges = z.infer<typeof correctionChanges>;

/** A clerk corrected identity or contact fields before the outcome: which, to what, from where, why. */
export const correctedPayload = z.object({
  ...byOperator,
  changes: correctionChanges,
  /** `chip`: the values are the chip read `chipReadId`'s; `typed`: the clerk typed them. */
  source: z.enum(['chip', 'typed']),
  chipReadId: uuidV7.optional(),
  reason: z.enum(['chip-values', 'typo', 'changed-details', 'other']),
  note: z.string().max(500).optional(),
});

/** The called citizen did not come to the counter: the ticket waits for them, the counter is free. */
export const noShowPayload = z.object({ ...byOperator, counterId: z.string().min(1).max(64) });

/** A no-show ticket goes back to the queue at its original place. */
export const putBackPayload = z.object(byOperator);

/**
 * The clerk sends the called citizen on: to another counter (only it calls the ticket next) or to
 * another desk (any counter serving it), with a note for the next clerk. The ticket keeps its
 * place in the queue (core/src/queue/queue-action.ts decides, on the counter and at ingest).
 */
export const transferredPayload = z.object({
  ...byOperator,
  /** The counter the citizen leaves. */
  counterId: z.string().min(1).max(64),
  to: z.union([z.object({ counterId: z.string().min(1).max(64) }).strict(), z.object({ service: deskService }).strict()]),
  note: z.string().max(TRANSFER_NOTE_MAX).optional(),
});

/** The called citizen steps aside (to fetch a paper): the ticket is held for this counter, which calls it by hand. */
export const parkedPayload = z.object({ ...byOperator, counterId: z.string().min(1).max(64) });

/** The police officer's result of an e-ID level-2 application handed over earlier. */
export const eidResultPayload = z
  .object({
    ...byOperator,
    result: eidResultKind,
    /** The officer's reference (receipt or case number), as written on their paper. */
    officerReference: z
      .string()
      .trim()
      .regex(/^[\p{L}\p{N} ./_-]{1,60}$/u, { error: 'DK_ERR_OFFICER_REFERENCE_REQUIRED' }),
    /** Why the officer refused (required then). */
    reason: z.string().trim().max(500).optional(),
  })
  .refine((p) => p.result !== 'refused' || (p.reason?.length ?? 0) > 0, {
    error: 'DK_ERR_EID_REFUSAL_REASON_REQUIRED',
    path: ['reason'],
  });

/** Who asked for a revocation: the holder (identified at the counter), or an authority in writing. */
export const revocationRequester = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('holder') }),
  z.object({
    kind: z.literal('authority'),
    /** The authority's name as on its document, e.g. "Công an phường Bến Thành". */
    authority: z.string().trim().min(2).max(160),
    /** The document's number and date, e.g. "123/CV-CAP ngày 20/11/2026". */
    documentRef: z.string().trim().min(1).max(80),
  }),
]);
export type RevocationRequester = z.infer<typeof revocationRequester>;
