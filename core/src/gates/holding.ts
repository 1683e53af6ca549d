import { z } from 'zod';
import { instant, providerId, siteId } from '../schemas/primitives.ts';
import { channel } from '../schemas/service.ts';
import { defaultServiceRules, type ServiceRules } from './service-rules.ts';

/**
 * What one citizen already holds from the programme, as the server's look-up answers it (one row
 * per completed registration of the same ID number): a certificate (token or remote), or an e-ID
 * level-2 hand-off and its result. No name, no ID number: the clerk already has the registration
 * in front of them; the row says what, where and when.
 */
export const eidResultKind = z.enum(['pending', 'approved', 'refused']);
export type EidResultKind = z.infer<typeof eidResultKind>;

export const holding = z.object({
  registrationId: z.string(),
  siteId,
  kind: z.enum(['certificate', 'eid-level2']),
  channel: channel.nullable(),
  providerId: providerId.nullable(),
  tokenSerial: z.string().nullable(),
  certificateSerial: z.string().nullable(),
  /** When the certificate was issued or activated, or the e-ID application handed to the officer. */
  issuedAt: instant,
  /** The certificate's end, when the issuance recorded it (tokens); remote signatures have none. */
  notAfter: instant.nullable(),
  /** The token's certificate was revoked (or the token replaced). */
  revoked: z.boolean(),
  /** The officer's result of an e-ID level-2 hand-off; `null` before one is recorded. */
  eidResult: eidResultKind.nullable(),
});
export type Holding = z.infer<typeof holding>;

export type HoldingStatus = 'active' | 'revoked' | 'expired' | EidResultKind;

/**
 * A certificate is active until revoked or past its end; without a recorded end it counts as
 * active for the programme's validity period from its issuance. An e-ID hand-off is pending
 * until the officer's result is recorded.
 */
export function holdingStatus(h: Holding, at: string, rules: ServiceRules = defaultServiceRules): HoldingStatus {
  if (h.kind === 'eid-level2') return h.eidResult ?? 'pending';
  if (h.revoked) return 'revoked';
  const end = h.notAfter ? Date.parse(h.notAfter) : Date.parse(h.issuedAt) + rules.freeCertificate.validityDays * 86_400_000;
  return end <= Date.parse(at) ? 'expired' : 'active';
}
