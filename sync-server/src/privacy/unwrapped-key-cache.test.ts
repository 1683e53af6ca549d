import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keysInMemory, type ServerKeys } from './server-keys.ts';
import { withUnwrappedKeyCache } from './unwrapped-key-cache.ts';

/** Keys that count the unwraps that reach them (the token's calls, in production). */
function countingKeys(): { keys: ServerKeys; unwraps: () => number } {
  const inner = keysInMemory({ kekId: 'kek-test', kek: randomBytes(32), lookupKey: randomBytes(32) });
  let n = 0;
  return {
    keys: {
      ...inner,
      unwrapDataKey: (id, wrapped) => {
        n++;
        return inner.unwrapDataKey(id, wrapped);
      },
    },
    unwraps: () => n,
  };
}

const REG = '0192f3a0-0000-7000-8000-000000000001';
const OTHER = '0192f3a0-0000-7000-8000-000000000002';

describe('unwrapped data keys kept for a while', () => {
  it('a key just wrapped, and one unwrapped once, is given again without the token', () => {
    const t = countingKeys();
    const keys = withUnwrappedKeyCache(t.keys);
    const dataKey = randomBytes(32);
    const wrapped = keys.wrapDataKey(REG, dataKey);
    expect(keys.unwrapDataKey(REG, wrapped).equals(dataKey)).toBe(true);
    expect(keys.unwrapDataKey(REG, wrapped).equals(dataKey)).toBe(true);
    expect(t.unwraps()).toBe(0);

    const elsewhere = t.keys.wrapDataKey(OTHER, randomBytes(32));
    keys.unwrapDataKey(OTHER, elsewhere);
    keys.unwrapDataKey(OTHER, elsewhere);
    expect(t.unwraps()).toBe(1);
  });

  it('is found only by the wrapped key as stored: another wrapping, or another registration, goes to the token (and fails there)', () => {
    const t = countingKeys();
    const keys = withUnwrappedKeyCache(t.keys);
    const wrapped = keys.wrapDataKey(REG, randomBytes(32));
    const rewrapped = t.keys.wrapDataKey(REG, randomBytes(32));
    keys.unwrapDataKey(REG, rewrapped);
    expect(t.unwraps()).toBe(1);
    expect(() => keys.unwrapDataKey(OTHER, wrapped)).toThrow();
    expect(t.unwraps()).toBe(2);
  });

  it('forgets a key unused for longer than its time, and the least recently used past its size', () => {
    let now = 0;
    const t = countingKeys();
    const keys = withUnwrappedKeyCache(t.keys, { max: 2, ttlMs: 1000, now: () => now });
    const a = keys.wrapDataKey(REG, randomBytes(32));
    now = 1001;
    keys.unwrapDataKey(REG, a);
    expect(t.unwraps()).toBe(1);

    const b = keys.wrapDataKey(OTHER, randomBytes(32));
    const third = '0192f3a0-0000-7000-8000-000000000003';
    keys.unwrapDataKey(REG, a); // REG used after OTHER: OTHER is now the oldest use
    keys.wrapDataKey(third, randomBytes(32));
    keys.unwrapDataKey(REG, a);
    expect(t.unwraps()).toBe(1);
    keys.unwrapDataKey(OTHER, b);
    expect(t.unwraps()).toBe(2);
  });

  it('hands out copies, and wipes what it holds when closed', () => {
    const t = countingKeys();
    const keys = withUnwrappedKeyCache(t.keys);
    const dataKey = randomBytes(32);
    const wrapped = keys.wrapDataKey(REG, dataKey);
    keys.unwrapDataKey(REG, wrapped).fill(0);
    expect(keys.unwrapDataKey(REG, wrapped).equals(dataKey)).toBe(true);
    keys.close();
    keys.unwrapDataKey(REG, wrapped);
    expect(t.unwraps()).toBe(1);
  });
});
