import { z } from 'zod';
import { queuePolicy } from '../queue/desk.ts';

/**
 * The configurable part of the gates: minimum ages, the free-certificate programme's rule, how
 * long an active certificate lasts when its end is not recorded, and the queue's policy (the
 * no-show grace period among it).
 * The server reads them from configuration (with these defaults), sends them to the devices in
 * `GET /v1/reference`, and the kiosk, the counter and the server decide with the same numbers.
 * The legal basis of each default is written in the README ("Gates").
 */
export const serviceRules = z.object({
  minimumAge: z
    .object({
      /** Civil Code 2015, Art. 20: full civil capacity from 18; a signature binds its holder in law. */
      digitalSignature: z.number().int().min(0).max(120).default(18),
      /** Decree 69/2024/ND-CP, Art. 7: level 2 for a citizen of 14 or more in person on their own. */
      eidLevel2: z.number().int().min(0).max(120).default(14),
      /** Decree 69/2024/ND-CP, Art. 7: from 6 to under 14, level 2 "when needed", through a representative. */
      eidLevel2WithGuardian: z.number().int().min(0).max(120).default(6),
    })
    .prefault({}),
  freeCertificate: z
    .object({
      /** A label for reports and messages; the rule holds within one programme. */
      programmeId: z
        .string()
        .regex(/^[a-z0-9-]{1,40}$/)
        .default('free-signature'),
      /** How many active free certificates one citizen may hold at once. */
      maxActive: z.number().int().min(1).max(10).default(1),
      /** `any-provider`: one across all providers; `per-provider`: one per provider. */
      scope: z.enum(['any-provider', 'per-provider']).default('any-provider'),
      /** An issued certificate with no recorded end (remote signing) counts as active this long. */
      validityDays: z.number().int().min(1).max(3660).default(365),
    })
    .prefault({}),
  /** How the site runs its queue (core/src/queue): priority share, no-show grace. */
  queue: queuePolicy.prefault({}),
});

export type ServiceRules = z.infer<typeof serviceRules>;
export type ServiceRulesInput = z.input<typeof serviceRules>;

export const defaultServiceRules: ServiceRules = serviceRules.parse({});
