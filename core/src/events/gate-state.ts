import { z } from 'zod';
import { instant } from '../schemas/primitives.ts';
import { identityEvidence } from '../gates/identity-evidence.ts';
import { eidResultKind } from '../gates/holding.ts';
import { CORRECTABLE_FIELDS } from './gate-events.ts';
import { deskService } from '../queue/desk.ts';

/**
 * What the gate events add to a registration's folded state — every field optional, so rows
 * folded before they existed still parse (and read as "nothing recorded"). Personal values only
 * where the registration already holds them (a correction changes the draft itself); the rest is
 * sources, outcomes, who and when.
 */
export const gateStateFields = {
  /** The identity evidence (core/src/gates/identity-evidence.ts); absent = the kiosk's, from the draft. */
  evidence: identityEvidence.optional(),
  /** The called citizen did not come; cleared by a recall or a put-back. */
  noShow: z.object({ at: instant, by: z.string(), counterId: z.string() }).nullable().optional(),
  /**
   * Where the ticket waits after a transfer or a park: reserved for a counter (`counterId`), sent
   * to another desk (`service`), the transfer's note; cleared when the ticket is called again.
   */
  hold: z
    .object({
      kind: z.enum(['transfer', 'park']),
      counterId: z.string().nullable(),
      note: z.string().nullable(),
      from: z.string(),
      at: instant,
      by: z.string(),
    })
    .nullable()
    .optional(),
  /** The desk the ticket waits for since a transfer to another desk (absent: its service's desk). */
  desk: deskService.optional(),
  /** Each correction: which fields, from where, why, by whom — the values are in the draft. */
  corrections: z
    .array(
      z.object({
        at: instant,
        by: z.string(),
        fields: z.array(z.enum(CORRECTABLE_FIELDS)),
        source: z.enum(['chip', 'typed']),
        reason: z.enum(['chip-values', 'typo', 'changed-details', 'other']),
      }),
    )
    .optional(),
  /** The officer's e-ID level-2 result, recorded after the hand-off. */
  eidResult: z
    .object({ result: eidResultKind, officerReference: z.string(), reason: z.string().optional(), at: instant, by: z.string() })
    .optional(),
};

export const gateState = z.object(gateStateFields);
export type GateState = z.infer<typeof gateState>;
