import { z } from 'zod';
import { DangkyError } from '../errors/index.ts';
import { deviceId, siteId, ticketPrefix } from '../schemas/index.ts';

/**
 * A kiosk or counter PC is paired once by opening `…/#pair=<base64url(JSON)>` (printed by `npm start`
 * or handed out by an administrator). The link is outside data: decoded and parsed here, and
 * anything malformed is refused with one code — never half-stored.
 */
export const pairingLink = z.object({
  server: z.url({ protocol: /^https?$/ }),
  deviceId,
  deviceSecret: z.string().min(16).max(256),
  agentUrl: z.url({ protocol: /^wss?$/ }).optional(),
  agentSecret: z.string().min(1).max(256).optional(),
  siteId,
  siteName: z.string().min(1).max(160),
  /** Kiosks only: the letter(s) that make this kiosk's ticket numbers unique at its site. */
  ticketPrefix: ticketPrefix.optional(),
});
export type PairingLink = z.infer<typeof pairingLink>;

/** The largest hash we decode (a pairing link is a few hundred bytes). */
const MAX_HASH = 4096;

/** The pairing payload in a location hash, `null` when the hash is not a pairing link at all. */
export function parsePairingHash(hash: string): PairingLink | null {
  const m = /^#?pair=(.*)$/s.exec(hash);
  if (!m) return null;
  const encoded = m[1]!;
  if (encoded.length > MAX_HASH || !/^[A-Za-z0-9_-]*={0,2}$/.test(encoded)) throw new DangkyError('DK_ERR_PAIRING_INVALID');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64UrlDecode(encoded)));
  } catch (cause) {
    throw new DangkyError('DK_ERR_PAIRING_INVALID', { cause });
  }
  const parsed = pairingLink.safeParse(json);
  if (!parsed.success) throw new DangkyError('DK_ERR_PAIRING_INVALID', { cause: parsed.error });
  return parsed.data;
}

export function base64UrlDecode(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bin = atob(padded);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export function base64UrlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The link for a pairing (used by tests and by whoever prints links). */
export const pairingHash = (link: PairingLink): string => `#pair=${base64UrlEncode(new TextEncoder().encode(JSON.stringify(link)))}`;
