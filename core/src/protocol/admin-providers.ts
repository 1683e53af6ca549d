import { z } from 'zod';
import { keyType, channel } from '../schemas/service.ts';
import { providerId } from '../schemas/primitives.ts';

/**
 * The provider catalogue and the programme's terms, as a national administrator keeps them:
 * channels offered, the key types each channel's CA certifies (the counter generates the first
 * one listed for a token), whether the provider takes part now, the free period and whether a
 * citizen gets one free certificate only.
 */
export const providerKeyTypes = z.object({
  remote: z.array(keyType).min(1).max(4).optional(),
  token: z.array(keyType).min(1).max(4).optional(),
});

export const providerInput = z
  .object({
    id: providerId,
    name: z.string().trim().min(1).max(80),
    product: z.string().trim().min(1).max(80),
    channels: z.array(channel).min(1).max(2),
    keyTypes: providerKeyTypes,
    active: z.boolean(),
    freeMonths: z.number().int().min(0).max(60),
    oneFreePerCitizen: z.boolean(),
  })
  .refine((p) => channel.options.every((c) => p.channels.includes(c) === (p.keyTypes[c] !== undefined)), {
    error: 'DK_ERR_KEY_TYPES_INVALID',
    path: ['keyTypes'],
  });
export type ProviderInput = z.infer<typeof providerInput>;

export const adminProvider = z.object({
  id: providerId,
  name: z.string(),
  product: z.string(),
  channels: z.array(channel),
  keyTypes: providerKeyTypes,
  active: z.boolean(),
  freeMonths: z.number().int(),
  oneFreePerCitizen: z.boolean(),
});
export type AdminProvider = z.infer<typeof adminProvider>;

export const adminProvidersResponse = z.object({ providers: z.array(adminProvider) });
