import { z } from 'zod';

/**
 * The ticket printer. A ticket prints no personal data: the number, the service, the site, the
 * time, and a QR the counter scans — the registration sealed for the site's counters, which only
 * they can open (docs/handoff-ticket.md), or the bare registration id.
 */
export const ticketPrintJob = z.object({
  ticketNumber: z.string().regex(/^[A-Z]{1,2}-\d{3,4}$/),
  siteName: z.string().min(1).max(80),
  /** Already translated by the page, e.g. "Chữ ký số – USB token (VNPT SmartCA)". */
  serviceLabel: z.string().min(1).max(120),
  /** Local time text as shown on screen, e.g. "22/11/2026 09:41". */
  issuedAtText: z.string().min(1).max(40),
  /** Short instructions, one per line, already translated. */
  lines: z.array(z.string().max(64)).max(6),
  /** The registration id, or the registration sealed for the site's counters (`DK:` + Base45, ~500–850 characters). */
  qrPayload: z.string().min(1).max(1200),
  language: z.enum(['vi', 'en']),
});
export type TicketPrintJob = z.infer<typeof ticketPrintJob>;

/**
 * The signing-token issuance receipt, on the counter's ticket printer: whose
 * certificate, its serial, validity and provider, and how to use it. Never the ID number in
 * full (the page sends it masked, e.g. "079******345", or not at all) and never a PIN.
 */
export const receiptPrintJob = z.object({
  siteName: z.string().min(1).max(80),
  /** Already translated, e.g. "BIÊN NHẬN CẤP CHỮ KÝ SỐ". */
  heading: z.string().min(1).max(64),
  /** Label/value pairs, already translated: holder, certificate serial, validity, provider, token serial … */
  fields: z
    .array(z.object({ label: z.string().min(1).max(40), value: z.string().min(1).max(120) }))
    .min(1)
    .max(10),
  /** How to use the token, one step per line, already translated. */
  howTo: z.array(z.string().max(200)).max(8),
  /** Local time text as shown on screen. */
  printedAtText: z.string().min(1).max(40),
  language: z.enum(['vi', 'en']),
  /**
   * Lines to sign on paper, already translated: the citizen's (they received the token) and the
   * clerk's (who issued it, by name). Each prints its label, room to sign, a dotted line and the
   * name under it. Optional: older counters send none.
   */
  signatures: z
    .array(z.object({ label: z.string().min(1).max(40), name: z.string().max(80).optional() }))
    .max(2)
    .optional(),
});
export type ReceiptPrintJob = z.infer<typeof receiptPrintJob>;

export const printerRequests = {
  'printer.print-ticket': {
    params: ticketPrintJob,
    result: z.object({ printed: z.literal(true), bytes: z.number().int() }),
  },
  'printer.print-receipt': {
    params: receiptPrintJob,
    result: z.object({ printed: z.literal(true), bytes: z.number().int() }),
  },
} as const;
