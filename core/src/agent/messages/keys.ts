import { z } from 'zod';

/**
 * Row keys: the station's agent keeps the data keys of the page's sealed rows, outside the
 * browser profile (ARCHITECTURE §7). Chromium stores a non-extractable CryptoKey's raw bytes in
 * the same IndexedDB files as the rows it seals, so a key kept by the page protects nothing
 * against a copied profile; a key kept by the agent (a file only the station's account can
 * read, overwritten in place when forgotten) does. Each sealed row has its own key, forgotten
 * once the row is no longer needed — the server acknowledged the event, the finished
 * registration left the counter, the dead letter expired — so its bytes, which IndexedDB may
 * keep until it compacts, can no longer be opened.
 *
 * Keys are grouped by `holder`: a random id the browser profile makes once, so two profiles
 * on one station (a re-installed browser) never forget each other's keys. Ids and keys travel
 * as base64url (16 and 32 bytes). A key the agent no longer has is simply absent from a
 * `keys.get` answer: that row is gone for good.
 */

export const ROW_KEY_BYTES = 32;
export const ROW_KEY_ID_BYTES = 16;
/** Most keys one request makes, fetches or forgets: keeps every frame well under the 64 KiB limit. */
export const ROW_KEYS_PER_REQUEST = 500;

const b64url = (bytes: number) =>
  z
    .string()
    .length(Math.ceil((bytes * 4) / 3))
    .regex(/^[A-Za-z0-9_-]+$/);
export const rowKeyId = b64url(ROW_KEY_ID_BYTES);
export const rowKeyHolder = b64url(ROW_KEY_ID_BYTES);
export const rowKeyMaterial = b64url(ROW_KEY_BYTES);
const ids = z.array(rowKeyId).min(1).max(ROW_KEYS_PER_REQUEST);
const keyList = z.object({ keys: z.array(z.object({ keyId: rowKeyId, key: rowKeyMaterial })).max(ROW_KEYS_PER_REQUEST) });

export const keyRequests = {
  /** Fresh random keys, written to the agent's store before the answer. */
  'keys.create': { params: z.object({ holder: rowKeyHolder, count: z.number().int().min(1).max(ROW_KEYS_PER_REQUEST) }), result: keyList },
  /** The keys the agent still has among `keyIds` (forgotten ones are absent). */
  'keys.get': { params: z.object({ holder: rowKeyHolder, keyIds: ids }), result: keyList },
  /** Overwrites the keys in the store; unknown ids are ignored. */
  'keys.forget': { params: z.object({ holder: rowKeyHolder, keyIds: ids }), result: z.object({ forgotten: z.number().int().min(0) }) },
  /**
   * The holder's key ids made before `createdBefore` (ISO time), for the page to forget those no
   * row refers to any more (a row deleted while the agent was down). At most `limit` of them.
   */
  'keys.list': {
    params: z.object({ holder: rowKeyHolder, createdBefore: z.iso.datetime(), limit: z.number().int().min(1).max(2_000) }),
    result: z.object({ keyIds: z.array(rowKeyId) }),
  },
  /** Every key of the holder (an unenrolled device wiping its personal data). */
  'keys.forget-all': { params: z.object({ holder: rowKeyHolder }), result: z.object({ forgotten: z.number().int().min(0) }) },
} as const;

/**
 * The pairing secret sealed by the agent under a key of its own: the page keeps this instead of
 * the secret, and says `hello` with it. Unreadable from the profile alone; only this station's
 * agent opens it. base64url of IV, ciphertext and tag.
 */
export const sealedPairing = z
  .string()
  .min(40)
  .max(400)
  .regex(/^[A-Za-z0-9_-]+$/);
