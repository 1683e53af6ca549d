import { z } from 'zod';
import { instant, siteId } from '../schemas/primitives.ts';
import { tokenSerial } from '../events/event-types.ts';

/**
 * Blank tokens in a site's stock: received by serial (a batch typed or scanned), and each leaves
 * once — issued to a citizen (when the counter's `token.issued` reaches the server), spoiled
 * (with a reason) or returned. The counter refuses a token the site does not hold.
 */
export const stockStates = ['in-stock', 'issued', 'spoiled', 'returned'] as const;
export const stockState = z.enum(stockStates);
export const spoilReasons = ['damaged', 'faulty', 'pin-locked-blank', 'lost', 'other'] as const;
export const returnReasons = ['to-provider', 'to-other-site', 'other'] as const;

export const stockReceive = z.object({
  siteId,
  serials: z.array(tokenSerial).min(1).max(1000),
  model: z.string().trim().max(80).default(''),
});

export const stockLeave = z.discriminatedUnion('state', [
  z.object({ state: z.literal('spoiled'), reason: z.enum(spoilReasons) }),
  z.object({ state: z.literal('returned'), reason: z.enum(returnReasons) }),
]);

export const stockQuery = z.object({
  siteId: siteId.optional(),
  state: stockState.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const stockItem = z.object({
  serial: z.string(),
  siteId,
  model: z.string(),
  state: stockState,
  receivedAt: instant,
  receivedBy: z.string(),
  leftAt: instant.nullable(),
  leftBy: z.string().nullable(),
  leftReason: z.string().nullable(),
});
export type StockItem = z.infer<typeof stockItem>;

export const stockSummary = z.object({
  siteId,
  siteName: z.string(),
  ...Object.fromEntries(stockStates.map((s) => [s, z.number().int()])),
} as {
  siteId: typeof siteId;
  siteName: z.ZodString;
} & Record<(typeof stockStates)[number], z.ZodNumber>);

export const stockResponse = z.object({ summary: z.array(stockSummary), items: z.array(stockItem) });
export type StockResponse = z.infer<typeof stockResponse>;

export const stockReceiveResponse = z.object({ received: z.array(z.string()), alreadyInStock: z.array(z.string()) });

/** The counter's question before it lets a token be issued. */
export const stockCheckQuery = z.object({ serial: tokenSerial });
export const stockCheck = z.object({ serial: z.string(), inStock: z.boolean(), enforced: z.boolean() });
export type StockCheck = z.infer<typeof stockCheck>;
