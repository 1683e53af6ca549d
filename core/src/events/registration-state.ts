import { z } from 'zod';
import { cancelReason, outcomeKind, registrationDraft, registrationStatus } from '../schemas/registration.ts';
import { instant } from '../schemas/primitives.ts';
import { tokenLifecycleStates, tokenRevocationReasons } from '../token/token-lifecycle.ts';
import { issuedCertificate } from './event-types.ts';
import { gateStateFields } from './gate-state.ts';

/**
 * The state of one registration: what `foldRegistration` computes from its events, what the
 * server stores as the projection row and sends in a pull, and what the counter keeps sealed in
 * its queue. One schema, one type: wherever it is read back (a database row, a pull answer, an
 * IndexedDB row), it is parsed with this, never cast.
 */
export const registrationState = z.object({
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
  /**
   * The issued token's lifecycle after `token.issued` (absent before, and on rows stored before
   * it existed: read as `issued`). Changed only by `token.pin-unblocked` / `token.revoked`; the
   * counter's token look-up works from it without asking the server.
   */
  tokenLifecycle: z.object({ state: z.enum(tokenLifecycleStates), reason: z.enum(tokenRevocationReasons).nullable() }).optional(),
  /** The certificate on the issued token, when `token.issued` carried it (absent on older events). */
  issuedCertificate: issuedCertificate.optional(),
  /** What the gate events recorded: identity evidence, no-show, corrections, the e-ID result (gate-state.ts). */
  ...gateStateFields,
  /** How many events the fold has applied (for optimistic checks and tests). */
  version: z.number().int(),
});
export type RegistrationState = z.infer<typeof registrationState>;
