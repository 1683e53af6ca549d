import { z } from 'zod';
import { rowKeyId } from '@dangky/core/agent';
import { DangkyError } from '@dangky/core/errors';
import type { RowKeys } from './row-keys.ts';

/**
 * Personal data at rest on a device (ARCHITECTURE §7). Every row that holds a citizen's
 * identity or contact, and the device's own secret, is sealed with AES-GCM under a key of its
 * own that the station's hardware agent keeps outside the browser profile (`RowKeys`). The row
 * names its key; the key never touches IndexedDB. So a copy of the profile opens nothing, and
 * a row whose key was forgotten (acknowledged by the server, finished, expired) stays shut even
 * while IndexedDB still holds its bytes. Each seal has a fresh 96-bit IV.
 *
 * A row sealed again (the counter storing a newer version of a registration) may keep its key:
 * forgetting that one key then shuts every version of the row.
 */
export const sealed = z.object({
  v: z.literal(2),
  keyId: rowKeyId,
  iv: z.instanceof(Uint8Array),
  data: z.instanceof(ArrayBuffer),
});
export type Sealed = z.infer<typeof sealed>;

export interface Sealer {
  /** Seals under a new key, or under `keyId` when the row already has one. */
  seal(value: unknown, options?: { keyId?: string }): Promise<Sealed>;
  /** Rejects DK_ERR_ROW_KEY_FORGOTTEN when the key is gone, DK_ERR_STORED_ROW_INVALID when the bytes do not open. */
  open(value: Sealed): Promise<unknown>;
  readonly keys: RowKeys;
}

export const isSealed = (value: unknown): value is Sealed => sealed.safeParse(value).success;

export function sealerFor(keys: RowKeys): Sealer {
  const keyFor = async (keyId: string): Promise<CryptoKey> => {
    const key = (await keys.get([keyId])).get(keyId);
    if (!key) throw new DangkyError('DK_ERR_ROW_KEY_FORGOTTEN');
    return key;
  };
  return {
    keys,
    async seal(value, options = {}) {
      const { keyId, key } = options.keyId ? { keyId: options.keyId, key: await keyFor(options.keyId) } : (await keys.create(1))[0]!;
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(value)));
      return { v: 2, keyId, iv, data };
    },
    async open(value) {
      const key = await keyFor(value.keyId);
      let plain: ArrayBuffer;
      try {
        plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: value.iv as Uint8Array<ArrayBuffer> }, key, value.data);
      } catch (cause) {
        throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { cause });
      }
      return JSON.parse(new TextDecoder().decode(plain)) as unknown;
    },
  };
}
