import { ROW_KEYS_PER_REQUEST, type AgentClient, type AgentParams, type AgentRequestType, type AgentResult } from '@dangky/core/agent';
import { DangkyError, errorCodeOf } from '@dangky/core/errors';
import { base64UrlDecode } from '@dangky/core/protocol';

/**
 * The data keys of this browser's sealed rows, one per row, kept by the station's hardware
 * agent outside the browser profile (why: core/src/agent/messages/keys.ts). This side keeps the
 * keys it has used in memory only, as non-extractable CryptoKeys, for the life of the page.
 *
 * Requests made in the same turn of the event loop travel together (a queue of 500 rows opens
 * with one `keys.get`, not 500), in chunks the protocol allows.
 */
export interface RowKeys {
  /** `count` new keys, stored by the agent before this resolves. */
  create(count: number): Promise<{ keyId: string; key: CryptoKey }[]>;
  /** The keys still held among `keyIds`; a forgotten one is absent. */
  get(keyIds: readonly string[]): Promise<Map<string, CryptoKey>>;
  forget(keyIds: readonly string[]): Promise<void>;
  /** Every key of this browser (a device that is no longer enrolled). */
  forgetAll(): Promise<void>;
  /** Ids of keys made before `createdBefore` (to find keys no row refers to). */
  list(createdBefore: Date): Promise<string[]>;
}

export const importRowKey = (raw: Uint8Array): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);

const chunks = <T>(items: readonly T[], size = ROW_KEYS_PER_REQUEST): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_v, i) => items.slice(i * size, (i + 1) * size));

/** One batch collecting what callers ask for until the next macrotask, then sent at once. */
function batcher<T>(send: (items: T[]) => Promise<void>): (items: readonly T[]) => Promise<void> {
  let open: { items: T[]; done: Promise<void> } | null = null;
  return (items) => {
    if (!open) {
      const batch: { items: T[]; done: Promise<void> } = { items: [], done: Promise.resolve() };
      batch.done = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
        open = null;
        return send(batch.items);
      });
      open = batch;
    }
    open.items.push(...items);
    return open.done;
  };
}

type AgentRequest = Pick<AgentClient, 'request'>;

export function agentRowKeys(agent: AgentRequest, holder: string): RowKeys {
  const cache = new Map<string, CryptoKey>();
  /** The agent's failures as the one code a page shows: the key store is not there. */
  const ask = async <T extends AgentRequestType>(type: T, params: AgentParams<T>): Promise<AgentResult<T>> => {
    try {
      return await agent.request(type, params);
    } catch (cause) {
      throw new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE', { cause, detail: { agentCode: errorCodeOf(cause) } });
    }
  };
  const remember = async (keys: { keyId: string; key: string }[]) => {
    for (const k of keys) cache.set(k.keyId, await importRowKey(base64UrlDecode(k.key)));
  };

  const fetchKeys = batcher<string>(async (ids) => {
    const wanted = [...new Set(ids)].filter((id) => !cache.has(id));
    for (const keyIds of chunks(wanted)) await remember((await ask('keys.get', { holder, keyIds })).keys);
  });
  const made: { keyId: string; key: CryptoKey }[] = [];
  const makeKeys = batcher<number>(async (counts) => {
    let total = counts.reduce((a, b) => a + b, 0);
    while (total > 0) {
      const count = Math.min(total, ROW_KEYS_PER_REQUEST);
      const { keys } = await ask('keys.create', { holder, count });
      await remember(keys);
      made.push(...keys.map((k) => ({ keyId: k.keyId, key: cache.get(k.keyId)! })));
      total -= count;
    }
  });

  return {
    async create(count) {
      await makeKeys([count]);
      return made.splice(0, count);
    },
    async get(keyIds) {
      if (keyIds.some((id) => !cache.has(id))) await fetchKeys(keyIds);
      return new Map(keyIds.flatMap((id) => (cache.has(id) ? [[id, cache.get(id)!] as const] : [])));
    },
    async forget(keyIds) {
      for (const id of keyIds) cache.delete(id);
      for (const chunk of chunks([...new Set(keyIds)])) await ask('keys.forget', { holder, keyIds: chunk });
    },
    async forgetAll() {
      cache.clear();
      await ask('keys.forget-all', { holder });
    },
    async list(createdBefore) {
      return (await ask('keys.list', { holder, createdBefore: createdBefore.toISOString(), limit: 2_000 })).keyIds;
    },
  };
}

/** The row keys of a browser with no agent paired: nothing can be sealed or opened. */
export function noRowKeys(): RowKeys {
  const refuse = () => Promise.reject(new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE', { detail: { reason: 'no agent paired' } }));
  return { create: refuse, get: refuse, forget: refuse, forgetAll: refuse, list: refuse };
}
