import { z } from 'zod';
import { providerId } from './primitives.ts';

/** What the citizen came for: a free personal signature (by channel and provider) or e-ID level 2. */
export const channel = z.enum(['remote', 'token']);
/** Key types a provider's CA certifies; a token's key is generated on the token with one of them. */
export const keyType = z.enum(['rsa2048', 'p256']);
export type KeyType = z.infer<typeof keyType>;
export const service = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('digital-signature'), channel, providerId }),
  z.object({ kind: z.literal('eid-level2') }),
]);

export type Channel = z.infer<typeof channel>;
export type Service = z.infer<typeof service>;
export type ServiceKind = Service['kind'];
