import { z } from 'zod';

/**
 * A site's hand-off key pair (ECDH P-256). Kiosks get the public half to seal tickets; the site's
 * counters get the private half after enrolment, to open them. The key id is the first 4 bytes of
 * SHA-256 over the raw public key, in hex: a ticket names the key that can open it, so a counter
 * holding the current and the previous key (rotation) picks the right one, and a ticket sealed to
 * another site's key is recognised as such without trying to decrypt it.
 */
export const siteKeyId = z.string().regex(/^[0-9a-f]{8}$/);
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);

/** What a kiosk holds: the public half (65-byte uncompressed point, base64url). */
export const sitePublicKey = z.object({ kid: siteKeyId, publicKey: base64url.length(87) });
/** What a counter holds: the private half (PKCS #8, base64url) with its key id. */
export const sitePrivateKey = z.object({ kid: siteKeyId, privateKey: base64url.min(40).max(400) });

export type SitePublicKey = z.infer<typeof sitePublicKey>;
export type SitePrivateKey = z.infer<typeof sitePrivateKey>;

export const toBase64url = (bytes: Uint8Array<ArrayBuffer>): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export const fromBase64url = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

const hex = (bytes: Uint8Array<ArrayBuffer>): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The key id of a raw (65-byte) public key. */
export async function keyIdOf(rawPublicKey: Uint8Array<ArrayBuffer>): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', rawPublicKey)).subarray(0, 4));
}

/** A new site key pair, both halves exported (the server generates it and keeps the private half encrypted). */
export async function generateSiteKey(): Promise<SitePublicKey & SitePrivateKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { kid: await keyIdOf(raw), publicKey: toBase64url(raw), privateKey: toBase64url(pkcs8) };
}

/** The counter's opening key: imported non-extractable, so the page can use it but never read it back. */
export const importSitePrivateKey = (key: SitePrivateKey) =>
  crypto.subtle.importKey('pkcs8', fromBase64url(key.privateKey), { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);

/**
 * `GET /v1/handoff/keys` as a device: the key its kiosks seal with, and — for a counter only — the
 * keys it opens with (current first, then those retired within the grace period).
 */
export const handoffKeysResponse = z.object({
  siteId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/),
  seal: sitePublicKey,
  open: z.array(sitePrivateKey).max(8).optional(),
});
export type HandoffKeysResponse = z.infer<typeof handoffKeysResponse>;
