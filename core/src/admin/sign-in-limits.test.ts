import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { delayAfter, failuresNow, signInGate, signInLimits, signInVerdict, type SignInGate } from './sign-in-limits.ts';

const { account, address } = signInLimits;
const at = (failures: number, lastFailureAt = 0) => ({ failures, lastFailureAt });

describe('sign-in limits', () => {
  it('lets the free failures through at once, then makes each further one wait twice as long, up to the maximum', () => {
    expect([0, 1, 2].map((f) => signInGate(at(f), 0, account).kind)).toEqual(['open', 'open', 'open']);
    expect([3, 4, 5, 6].map((f) => delayAfter(f, account))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(delayAfter(9, address)).toBe(0);
    expect(delayAfter(40, address)).toBe(60_000);
    expect(signInGate(at(4), 500, account)).toEqual({ kind: 'wait', retryAfterMs: 1_500 });
    expect(signInGate(at(4), 2_000, account)).toEqual({ kind: 'open' });
    // Concurrent attempts: one whose time was read just before another's failure was counted.
    expect(signInGate(at(2, 1_000), 990, account)).toEqual({ kind: 'open' });
  });

  it("locks an account until an administrator lifts it, however long ago the last failure was; an address's lock runs out", () => {
    expect(signInGate(at(10), 365 * 86_400_000, account)).toEqual({ kind: 'locked', retryAfterMs: null });
    expect(signInGate(at(50), 60_000, address)).toEqual({ kind: 'locked', retryAfterMs: 14 * 60_000 });
    expect(signInGate(at(50), 15 * 60_000, address)).toEqual({ kind: 'open' });
  });

  it('forgets failures short of a lock after a while', () => {
    expect(failuresNow(at(9), 24 * 3_600_000 - 1, account)).toBe(9);
    expect(failuresNow(at(9), 24 * 3_600_000, account)).toBe(0);
    expect(failuresNow(at(10), 24 * 3_600_000, account)).toBe(10);
  });

  it('answers a lock before a wait, and the longer of two waits', () => {
    const wait = (ms: number): SignInGate => ({ kind: 'wait', retryAfterMs: ms });
    const open: SignInGate = { kind: 'open' };
    expect(signInVerdict({ kind: 'locked', retryAfterMs: null }, { kind: 'locked', retryAfterMs: 5 })).toMatchObject({
      code: 'DK_ERR_ACCOUNT_LOCKED',
    });
    expect(signInVerdict(wait(9_000), { kind: 'locked', retryAfterMs: 5_000 })).toMatchObject({ code: 'DK_ERR_ADDRESS_LOCKED' });
    expect(signInVerdict(wait(2_000), wait(8_000))).toEqual({ ok: false, code: 'DK_ERR_SIGN_IN_THROTTLED', retryAfterMs: 8_000 });
    expect(signInVerdict(open, open)).toEqual({ ok: true });
  });

  it('never lets a key with failures past the free ones try again sooner than its delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 10 ** 8 }), (failures, elapsed) => {
        for (const limit of [account, address]) {
          const gate = signInGate(at(failures, 1_000), 1_000 + elapsed, limit);
          const stillCounted = elapsed < limit.forgetAfterMs || (failures >= limit.lockAfter && limit.lockMs === null);
          if (gate.kind === 'open' && stillCounted && failures < limit.lockAfter)
            expect(elapsed).toBeGreaterThanOrEqual(delayAfter(failures, limit));
          if (failures >= limit.lockAfter && limit.lockMs === null) expect(gate.kind).toBe('locked');
        }
      }),
    );
  });
});
