import { z } from 'zod';
import { channel } from './service.ts';
import { providerId, siteId } from './primitives.ts';

/** A signature provider in the campaign's catalogue (which providers take part varies: data, not code). */
export const provider = z.object({
  id: providerId,
  name: z.string().min(1).max(80),
  product: z.string().min(1).max(80),
  channels: z.array(channel).min(1),
  active: z.boolean(),
});
export type Provider = z.infer<typeof provider>;

export const siteKind = z.enum(['office', 'event-booth']);
export const site = z.object({
  id: siteId,
  name: z.string().min(1).max(160),
  kind: siteKind,
  provinceCode: z.string().regex(/^\d{2}$/),
  communeCode: z.string().regex(/^\d{5}$/).nullable(),
});
export type Site = z.infer<typeof site>;

export const reference = z.object({
  version: z.string(),
  providers: z.array(provider),
  site: site,
  consentTextVersion: z.string(),
});
export type Reference = z.infer<typeof reference>;
