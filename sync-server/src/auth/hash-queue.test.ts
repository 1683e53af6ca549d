import { describe, expect, it } from 'vitest';
import { DangkyError } from '@dangky/core/errors';
import { hashQueue } from './hash-queue.ts';

/** A hash that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, hash: () => opened.then(() => 'hashed') };
}

const busy = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return error instanceof DangkyError ? error.code : error;
  }
  return null;
};

describe('the password hashing queue', () => {
  it('admits concurrency + maxWaiting sign-ins and refuses the next at once, before any of them hashed', () => {
    const q = hashQueue({ concurrency: 1, maxWaiting: 2 });
    const turns = [q.admit(), q.admit(), q.admit()];
    expect(busy(() => q.admit())).toBe('DK_ERR_SIGN_IN_BUSY');
    turns[0]!.release();
    expect(busy(() => q.admit())).toBeNull();
  });

  it('runs one hash at a time at concurrency 1; the next admitted waits its turn in order', async () => {
    const q = hashQueue({ concurrency: 1, maxWaiting: 4 });
    const a = gate();
    const b = gate();
    const order: string[] = [];
    const first = q
      .admit()
      .run(a.hash)
      .then(() => order.push('a'));
    const second = q
      .admit()
      .run(() => (order.push('b started'), b.hash()))
      .then(() => order.push('b'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // a holds the only slot: b has not started.
    expect(order).toEqual([]);
    a.open();
    await first;
    b.open();
    await second;
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order).toContain('b started');
  });

  it('gives a place back once: a released or spent turn frees exactly one place', async () => {
    const q = hashQueue({ concurrency: 1, maxWaiting: 0 });
    const t = q.admit();
    expect(busy(() => q.admit())).toBe('DK_ERR_SIGN_IN_BUSY');
    await t.run(async () => 'x');
    t.release();
    t.release();
    const next = q.admit();
    expect(busy(() => q.admit())).toBe('DK_ERR_SIGN_IN_BUSY');
    next.release();
    expect(() => t.run(async () => 'again')).toThrow(/spent once/);
  });

  it('says how long to wait from the hashes ahead', () => {
    const q = hashQueue({ concurrency: 1, maxWaiting: 30 });
    for (let i = 0; i < 31; i++) q.admit();
    try {
      q.admit();
      expect.unreachable();
    } catch (error) {
      expect((error as DangkyError).detail).toEqual({ retryAfterSeconds: 4 });
    }
  });
});
