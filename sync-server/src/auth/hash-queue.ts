import { availableParallelism } from 'node:os';
import { DangkyError } from '@dangky/core/errors';

/**
 * A cap on password hashes computed at once. scrypt takes ~0.1 s of a core and 32 MiB per hash
 * on libuv's thread pool; unbounded, a sign-in flood takes every core and device sync starves
 * (eight looping wrong-password sign-ins timed out hundreds of device requests). Past `concurrency`
 * hashes the next ones wait in a short queue; past `maxWaiting` a sign-in is refused with 429
 * `DK_ERR_SIGN_IN_BUSY` and a `retry-after`.
 *
 * The place in line is taken (`admit`) when the sign-in arrives, before anything else is done
 * for it: a refused attempt must cost nothing but its answer. Counting a failure, reading the
 * account and writing the log are database work on the same thread as device sync (PGlite runs
 * in-process), and a flood refused only after them still starved the devices.
 */
export interface HashQueueOptions {
  /** Hashes at once; default: all cores but one, at least one. */
  concurrency?: number;
  /** Sign-ins allowed to wait for a hash; more are refused. */
  maxWaiting?: number;
}

/** A place in line: spent by `run` (once), or given back by `release` (a no-op once spent). */
export interface HashTurn {
  run<T>(hash: () => Promise<T>): Promise<T>;
  release(): void;
}

export interface HashQueue {
  /** Takes a place in line, or refuses at once with `DK_ERR_SIGN_IN_BUSY` when every place is taken. */
  admit(): HashTurn;
}

export function hashQueue({ concurrency = Math.max(1, availableParallelism() - 1), maxWaiting = 8 }: HashQueueOptions = {}): HashQueue {
  let running = 0;
  /** Admitted sign-ins not yet hashing: waiting for a slot, or still doing their checks before it. */
  let holding = 0;
  const waiting: (() => void)[] = [];
  // Mean time of one hash (moving average), which says how long the queue takes to clear.
  let meanMs = 100;

  async function hashInTurn<T>(hash: () => Promise<T>): Promise<T> {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    holding--;
    const started = performance.now();
    try {
      return await hash();
    } finally {
      meanMs = 0.8 * meanMs + 0.2 * (performance.now() - started);
      // The slot passes straight to the next in line, so `running` never drops and rises between.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  }

  return {
    admit() {
      if (running + holding >= concurrency + maxWaiting)
        throw new DangkyError('DK_ERR_SIGN_IN_BUSY', {
          detail: { retryAfterSeconds: Math.max(1, Math.ceil(((holding + running) * meanMs) / concurrency / 1000)) },
        });
      holding++;
      let spent = false;
      return {
        run(hash) {
          if (spent) throw new Error('a hashing turn is spent once');
          spent = true;
          return hashInTurn(hash);
        },
        release() {
          if (spent) return;
          spent = true;
          holding--;
        },
      };
    },
  };
}
