import { z } from 'zod';
import { channel, keyType } from './service.ts';
import { openingHours } from './opening-hours.ts';
import { isoDate, providerId, siteId } from './primitives.ts';
import { ticketPrefix } from './ticket.ts';
import { serviceRules } from '../gates/service-rules.ts';
import { siteWaitFigures } from '../queue/ticket-wait.ts';
import { queueCounter } from '../queue/desk.ts';

/** A signature provider in the campaign's catalogue (which providers take part varies: data, not code). */
export const provider = z.object({
  id: providerId,
  name: z.string().min(1).max(80),
  product: z.string().min(1).max(80),
  channels: z.array(channel).min(1),
  active: z.boolean(),
  /** Per channel, the key types the provider's CA certifies (the first is what a token gets). */
  keyTypes: z.object({ remote: z.array(keyType).optional(), token: z.array(keyType).optional() }).optional(),
  /** Programme terms: months free, and whether a citizen gets one free certificate only. */
  freeMonths: z.number().int().min(0).optional(),
  oneFreePerCitizen: z.boolean().optional(),
});
export type Provider = z.infer<typeof provider>;

export const siteKind = z.enum(['office', 'event-booth']);
export const site = z.object({
  id: siteId,
  name: z.string().min(1).max(160),
  kind: siteKind,
  provinceCode: z.string().regex(/^\d{2}$/),
  communeCode: z
    .string()
    .regex(/^\d{5}$/)
    .nullable(),
  address: z.string().max(300).optional(),
  hours: openingHours.optional(),
  /** An event booth takes registrations from its first to its last day (Ho Chi Minh days). */
  firstDay: isoDate.nullable().optional(),
  lastDay: isoDate.nullable().optional(),
});
export type Site = z.infer<typeof site>;

/** `GET /v1/reference`: the catalogue and sites (to a device that authenticates: its own site only, and who it is). */
export const reference = z.object({
  providers: z.array(provider),
  sites: z.array(site),
  consentTextVersion: z.string(),
  /** Minimum ages, the free-certificate rule and the no-show grace the server decides with (absent from older servers: defaults). */
  rules: serviceRules.optional(),
  /** Whether a token must be in its site's stock to be issued on (absent from older servers). */
  tokenStockCheck: z.boolean().optional(),
  device: z
    .object({
      id: z.string(),
      siteId,
      kind: z.enum(['kiosk', 'counter', 'display']),
      ticketPrefix: ticketPrefix.nullable(),
      /** The highest event sequence the server holds from this device. */
      lastSeq: z.number().int().min(0),
      /** Today's (Ho Chi Minh) highest ticket sequence of this kiosk's prefix; 0 when none. */
      lastTicket: z.object({ day: isoDate, seq: z.number().int().min(0) }),
      /** A kiosk's only view of its site's waiting room: counts, for the wait on the ticket (absent from older servers). */
      waitFigures: siteWaitFigures.optional(),
      /**
       * The site's numbered counters and the desks each serves, by number — to a counter (its own
       * number and desks, and where a transfer may go) and to any device that is not a kiosk. A
       * counter missing from it is not numbered yet (it serves every desk). Absent from older servers.
       */
      counters: z.array(queueCounter).optional(),
    })
    .nullable(),
});
export type Reference = z.infer<typeof reference>;
