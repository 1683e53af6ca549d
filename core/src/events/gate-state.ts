import { z } from 'zod';
import { instant } from '../schemas/primitives.ts';
import { identityEvidence } from '../gates/identity-evidence.ts';
import { eidResultKind } from '../gates/holding.ts';
import { CORRECTABLE_FIELDS } from './gate-events.ts';

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
