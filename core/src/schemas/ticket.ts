import { z } from 'zod';
import { isoDate } from './primitives.ts';

/**
 * A ticket is `<kiosk prefix>-<3-digit local sequence>`, e.g. `A-007`. The prefix is unique
 * per site and the sequence restarts each Ho Chi Minh day on that kiosk, so a number is unique
 * per site and day without asking the server (the kiosk may be offline).
 */
export const ticketPrefix = z.string().regex(/^[A-Z]{1,2}$/);
export const ticket = z.object({
  number: z.string().regex(/^[A-Z]{1,2}-\d{3,4}$/),
  day: isoDate,
});

export type Ticket = z.infer<typeof ticket>;

export const formatTicketNumber = (prefix: string, sequence: number): string => `${prefix}-${String(sequence).padStart(3, '0')}`;
