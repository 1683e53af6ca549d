import type { ServerKeys } from './server-keys.ts';

/**
 * Keys on a token, with the data keys they recently wrapped or unwrapped kept in this process for
 * a few minutes, so a registration's later requests (its call and outcome, the counters' pulls)
 * skip the token's unwrap: a PKCS#11 call is synchronous and costs ten times a key file's
 * (the server-keys bench), and most of a registration's life falls within minutes.
 *
 * The database stays the authority on whether a key exists: an entry is found only by the
 * wrapped key as just read from `registration_keys`, and erasure and retention set that column to
 * NULL, so a shredded registration never reaches the cache again — on this replica or any other.
 * What the cache holds is what a request already holds while it runs (the unwrapped keys in
 * process memory), for longer; it never holds an ID number. Bounded in entries (oldest use goes
 * first) and in age.
 */
export interface UnwrappedKeyCacheOptions {
  /** Most keys kept (32 bytes each). Default 20,000. */
  max?: number;
  /** How long a key is kept after its last use, ms. Default 15 minutes. */
  ttlMs?: number;
  now?: () => number;
}

export function withUnwrappedKeyCache(keys: ServerKeys, options: UnwrappedKeyCacheOptions = {}): ServerKeys {
  const { max = 20_000, ttlMs = 15 * 60_000, now = Date.now } = options;
  // A Map iterates in insertion order: re-inserting on use makes the first entry the least recently used.
  const entries = new Map<string, { key: Buffer; at: number }>();
  const slot = (registrationId: string, wrapped: string) => `${registrationId} ${wrapped}`;
  const keep = (name: string, key: Buffer) => {
    entries.delete(name);
    const at = now();
    entries.set(name, { key, at });
    for (const [old, entry] of entries) {
      if (entries.size <= max && at - entry.at <= ttlMs) break;
      entry.key.fill(0);
      entries.delete(old);
    }
  };
  return {
    kekId: keys.kekId,
    wrapDataKey(registrationId, dataKey) {
      const wrapped = keys.wrapDataKey(registrationId, dataKey);
      keep(slot(registrationId, wrapped), Buffer.from(dataKey));
      return wrapped;
    },
    unwrapDataKey(registrationId, wrapped) {
      const name = slot(registrationId, wrapped);
      const hit = entries.get(name);
      if (hit && now() - hit.at <= ttlMs) {
        keep(name, hit.key);
        return Buffer.from(hit.key);
      }
      const key = keys.unwrapDataKey(registrationId, wrapped);
      keep(name, Buffer.from(key));
      return key;
    },
    citizenHash: (idNumber) => keys.citizenHash(idNumber),
    close() {
      for (const { key } of entries.values()) key.fill(0);
      entries.clear();
      keys.close();
    },
  };
}
