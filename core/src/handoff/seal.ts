import { DangkyError } from '../errors/dangky-error.ts';
import { base45Decode, base45Encode } from './base45.ts';
import { compressPoint, decompressPoint } from './p256-point.ts';
import { fromBase64url, type SitePublicKey } from './site-key.ts';

/**
 * The hand-off seal: bytes encrypted to a site's public key so only that site's counters can
 * read them, with no server in between. ECIES on WebCrypto — an ephemeral ECDH P-256 key per
 * ticket, HKDF-SHA-256 over the shared secret giving an AES-256-GCM key and its nonce (fresh key
 * per ticket, so deriving the nonce is safe and saves 12 printed bytes), the header authenticated
 * as associated data so no byte of the ticket can change unnoticed.
 *
 *   text   = "DK:" Base45(bytes)
 *   bytes  = version (1 byte, 0x01) ‖ key id (4) ‖ ephemeral public key, compressed (33) ‖ AES-GCM ciphertext ‖ tag (16)
 *   okm    = HKDF-SHA-256(ikm = ECDH(ephemeral, site), salt = ephemeral public key (33), info = "dangky/handoff/v1", 44 bytes)
 *   key    = okm[0..32), nonce = okm[32..44), additional data = version ‖ key id ‖ ephemeral public key
 */
export const SEAL_PREFIX = 'DK:';
export const SEAL_VERSION = 1;
const HEADER = 1 + 4 + 33;
const TAG = 16;
const INFO = Uint8Array.from('dangky/handoff/v1', (c) => c.charCodeAt(0));

async function derive(
  secret: ArrayBuffer,
  ephemeral: Uint8Array<ArrayBuffer>,
): Promise<{ key: Uint8Array<ArrayBuffer>; nonce: Uint8Array<ArrayBuffer> }> {
  const ikm = await crypto.subtle.importKey('raw', new Uint8Array(secret), 'HKDF', false, ['deriveBits']);
  const okm = new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: ephemeral, info: INFO }, ikm, 44 * 8));
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32) };
}

const aes = (key: Uint8Array<ArrayBuffer>, usage: 'encrypt' | 'decrypt') => crypto.subtle.importKey('raw', key, 'AES-GCM', false, [usage]);
const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g)!, (h) => parseInt(h, 16));

/** Seals `plain` to the site key; the result is the text a ticket's QR holds. */
export async function seal(plain: Uint8Array<ArrayBuffer>, site: SitePublicKey): Promise<string> {
  const curve = { name: 'ECDH', namedCurve: 'P-256' } as const;
  const siteKey = await crypto.subtle.importKey('raw', fromBase64url(site.publicKey), curve, false, []);
  const eph = await crypto.subtle.generateKey(curve, true, ['deriveBits']);
  const ephemeral = compressPoint(new Uint8Array(await crypto.subtle.exportKey('raw', eph.publicKey)));
  const header = new Uint8Array(HEADER);
  header[0] = SEAL_VERSION;
  header.set(fromHex(site.kid), 1);
  header.set(ephemeral, 5);
  const { key, nonce } = await derive(await crypto.subtle.deriveBits({ name: 'ECDH', public: siteKey }, eph.privateKey, 256), ephemeral);
  const cipher = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: header }, await aes(key, 'encrypt'), plain),
  );
  const bytes = new Uint8Array(HEADER + cipher.length);
  bytes.set(header);
  bytes.set(cipher, HEADER);
  return SEAL_PREFIX + base45Encode(bytes);
}

/** A key the opener may use: its id and the imported private key (non-extractable on a counter). */
export interface OpeningKey {
  kid: string;
  privateKey: Parameters<typeof crypto.subtle.deriveBits>[1];
}

const hexOf = (bytes: Uint8Array<ArrayBuffer>) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * Opens a sealed text with one of `keys`. Everything about the text is outside data (a scanner, a
 * camera, a citizen's paper), so every failure is a coded refusal: not a hand-off ticket at all,
 * a format this counter does not know, a key it does not hold (another site's ticket, or a key
 * rotated out long ago), or a text altered after sealing.
 */
export async function open(text: string, keys: readonly OpeningKey[]): Promise<Uint8Array<ArrayBuffer>> {
  if (!text.startsWith(SEAL_PREFIX)) throw new DangkyError('DK_ERR_HANDOFF_MALFORMED');
  const bytes = base45Decode(text.slice(SEAL_PREFIX.length));
  if (!bytes || bytes.length < 1) throw new DangkyError('DK_ERR_HANDOFF_MALFORMED');
  if (bytes[0] !== SEAL_VERSION) throw new DangkyError('DK_ERR_HANDOFF_VERSION', { detail: { version: bytes[0] } });
  if (bytes.length < HEADER + TAG) throw new DangkyError('DK_ERR_HANDOFF_MALFORMED');
  const kid = hexOf(bytes.subarray(1, 5));
  const key = keys.find((k) => k.kid === kid);
  if (!key) throw new DangkyError('DK_ERR_HANDOFF_OTHER_SITE', { detail: { kid } });
  const ephemeral = bytes.slice(5, HEADER);
  const point = decompressPoint(ephemeral);
  // An ephemeral key that is no point of the curve can only come from a changed byte.
  if (!point) throw new DangkyError('DK_ERR_HANDOFF_TAMPERED');
  try {
    const curve = { name: 'ECDH', namedCurve: 'P-256' } as const;
    const eph = await crypto.subtle.importKey('raw', point, curve, false, []);
    const { key: aesKey, nonce } = await derive(
      await crypto.subtle.deriveBits({ name: 'ECDH', public: eph }, key.privateKey, 256),
      ephemeral,
    );
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: nonce, additionalData: bytes.subarray(0, HEADER) },
        await aes(aesKey, 'decrypt'),
        bytes.subarray(HEADER),
      ),
    );
  } catch (cause) {
    throw new DangkyError('DK_ERR_HANDOFF_TAMPERED', { cause });
  }
}
