import { z } from 'zod';

/**
 * The QR scanner (serial/CDC). It has no requests: each payload it reads is pushed to the paired
 * page as it arrives, and the page parses it (`parseQr` in @dangky/core/id) on the identity step.
 * The payload is personal data: it only travels to the page, it is never logged.
 */

/** Longest payload the agent forwards, UTF-8 bytes (a card QR is ~300). Same bound as the ID parsers. */
export const QR_PAYLOAD_MAX_BYTES = 1_024;

const encoder = new TextEncoder();

export const qrScannedNotification = z.object({
  type: z.literal('qr.scanned'),
  deviceId: z.string().min(1).max(64),
  payload: z
    .string()
    .min(1)
    .max(QR_PAYLOAD_MAX_BYTES)
    .refine((s) => encoder.encode(s).length <= QR_PAYLOAD_MAX_BYTES, { error: 'payload over 1 KB' }),
});
export type QrScannedNotification = z.infer<typeof qrScannedNotification>;
