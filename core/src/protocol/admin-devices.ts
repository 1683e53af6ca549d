import { z } from 'zod';
import { deviceId, instant, nfcText, siteId, storableText } from '../schemas/primitives.ts';
import { ticketPrefix } from '../schemas/ticket.ts';
import { deviceKind as hardwareKind, deviceState } from '../agent/protocol.ts';
import { fleetTroubles } from '../admin/fleet-trouble.ts';
import { counterSetting } from '../queue/desk.ts';
import { DangkyError } from '../errors/index.ts';
import { base64UrlDecode, base64UrlEncode } from './pairing.ts';

/**
 * Device enrolment and the fleet. An administrator asks for a one-time code for a new kiosk,
 * counter or call display at a site; the device's browser opens the code's link (or the code is typed on it)
 * and redeems it (`POST /v1/enrol`), which creates the device secret — answered once, to that
 * device, never shown again. Rotating a secret gives a new code for the same device (its id,
 * sequence and ticket prefix stay); revoking ends it.
 */
export const stationKind = z.enum(['kiosk', 'counter', 'display']);

export const enrolmentRequest = z.object({
  siteId,
  kind: stationKind,
  name: nfcText(80).pipe(z.string().min(1)),
  /** Kiosks: the letters of its ticket numbers; the next free one when left out. */
  ticketPrefix: ticketPrefix.optional(),
});

export const enrolmentCode = z.object({
  deviceId,
  siteId,
  kind: stationKind,
  name: z.string(),
  ticketPrefix: ticketPrefix.nullable(),
  /** `XXXX-XXXX-XX`, to type on the device. */
  code: z.string(),
  expiresAt: instant,
});
export type EnrolmentCode = z.infer<typeof enrolmentCode>;

/** What a device sends to redeem a code (the code as typed). */
export const enrolRequest = z.object({ code: z.string().min(1).max(40) });

export const enrolResponse = z.object({
  deviceId,
  deviceSecret: z.string().min(16),
  siteId,
  siteName: z.string(),
  kind: stationKind,
  ticketPrefix: ticketPrefix.nullable(),
});
export type EnrolResponse = z.infer<typeof enrolResponse>;

/** What an enrolment link carries (QR): the server and the code. Opened as `<app>/#enrol=<base64url(JSON)>`. */
export const enrolmentLink = z.object({ server: z.url({ protocol: /^https?$/ }), code: z.string().min(1).max(40) });
export type EnrolmentLink = z.infer<typeof enrolmentLink>;

export const deviceUpdate = z
  .object({ name: nfcText(80).pipe(z.string().min(1)).optional(), siteId: siteId.optional() })
  .refine((u) => u.name !== undefined || u.siteId !== undefined);

/** `POST /v1/admin/devices/:deviceId/counter`: a counter's number and desks; `null` clears them. */
export const counterSettingRequest = z.object({ counter: z.unknown() });

export const hardwareReport = z.object({ kind: hardwareKind, state: deviceState, errorCode: storableText.max(64).nullable() });

export const fleetDevice = z.object({
  id: deviceId,
  kind: stationKind,
  name: z.string(),
  siteId,
  siteName: z.string(),
  ticketPrefix: ticketPrefix.nullable(),
  enrolledAt: instant,
  revokedAt: instant.nullable(),
  /** A code was handed out for this device and not used yet (a new device, or a rotated secret). */
  awaitingEnrolment: z.boolean(),
  lastContactAt: instant.nullable(),
  appVersion: z.string().nullable(),
  pending: z.number().int().nullable(),
  oldestPendingAt: instant.nullable(),
  deadLetters: z.number().int().nullable(),
  /** How far the device's clock ran ahead of the server's on its last report (negative: behind), in seconds. */
  clockSkewSeconds: z.number().int().nullable(),
  hardware: z.array(hardwareReport),
  /** A counter's number and desks (`null`: not numbered yet, it serves every desk; always `null` for a kiosk). */
  counter: counterSetting.nullable(),
  troubles: z.array(z.enum(fleetTroubles)),
});
export type FleetDevice = z.infer<typeof fleetDevice>;

export const fleetResponse = z.object({ devices: z.array(fleetDevice), serverTime: instant });
export type FleetResponse = z.infer<typeof fleetResponse>;

/** The enrolment link's hash for a code (the administrator's page shows it as a QR). */
export const enrolmentHash = (link: EnrolmentLink): string => `#enrol=${base64UrlEncode(new TextEncoder().encode(JSON.stringify(link)))}`;

/** The enrolment link in a location hash, `null` when the hash is not one; malformed → `DK_ERR_PAIRING_INVALID`. */
export function parseEnrolmentHash(hash: string): EnrolmentLink | null {
  const m = /^#?enrol=(.*)$/s.exec(hash);
  if (!m) return null;
  const encoded = m[1]!;
  if (encoded.length > 1024 || !/^[A-Za-z0-9_-]*={0,2}$/.test(encoded)) throw new DangkyError('DK_ERR_PAIRING_INVALID');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(encoded)));
  } catch (cause) {
    throw new DangkyError('DK_ERR_PAIRING_INVALID', { cause });
  }
  const parsed = enrolmentLink.safeParse(json);
  if (!parsed.success) throw new DangkyError('DK_ERR_PAIRING_INVALID', { cause: parsed.error });
  return parsed.data;
}
