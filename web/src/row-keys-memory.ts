import { ROW_KEY_BYTES, ROW_KEY_ID_BYTES } from '@dangky/core/agent';
import { base64UrlEncode } from '@dangky/core/protocol';
import { importRowKey, type RowKeys } from './row-keys.ts';

/**
 * Row keys held in this page's memory: the `RowKeys` the unit tests of the browser code use,
 * in place of a station agent (the agent-backed keys are tested against the real agent in
 * hardware/src/agent/keys.test.ts and in the Playwright journeys). Never for a device: memory
 * dies with the page, and with it every sealed row.
 */
export interface MemoryRowKeys extends RowKeys {
  /** How many keys are held now. */
  readonly size: number;
}

export function rowKeysInMemory(now: () => Date = () => new Date()): MemoryRowKeys {
  const held = new Map<string, { key: CryptoKey; createdAt: number }>();
  const random = (n: number) => base64UrlEncode(crypto.getRandomValues(new Uint8Array(n)));
  return {
    async create(count) {
      const made = [];
      for (let i = 0; i < count; i++) {
        const keyId = random(ROW_KEY_ID_BYTES);
        const key = await importRowKey(crypto.getRandomValues(new Uint8Array(ROW_KEY_BYTES)));
        held.set(keyId, { key, createdAt: now().getTime() });
        made.push({ keyId, key });
      }
      return made;
    },
    async get(keyIds) {
      return new Map(keyIds.flatMap((id) => (held.has(id) ? [[id, held.get(id)!.key] as const] : [])));
    },
    async forget(keyIds) {
      for (const id of keyIds) held.delete(id);
    },
    async forgetAll() {
      held.clear();
    },
    async list(createdBefore) {
      return [...held].filter(([, k]) => k.createdAt < createdBefore.getTime()).map(([id]) => id);
    },
    get size() {
      return held.size;
    },
  };
}
