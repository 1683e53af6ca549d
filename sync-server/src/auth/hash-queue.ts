import { availableParallelism } from 'node:os';
import { DangkyError } from '@dangky/core/errors';

/**
 * A cap on password hashes computed at once. scrypt takes ~0.1 s of a core and 32 MiB per hash
 * on libuv's thread pool; unbounded, a sign-in flood takes every core and device sync starves
 * (eight looping wrong-password sign-ins timed out hundreds of device requests). Past `concurrency`
 * hashes the next ones wait in a short queue; past `maxWaiting` a sign-in is refused at once with
 * 429 `DK_ERR_SIGN_IN_BUSY` and a `retry-after`, which costs the server nothing.
 */
export interface HashQueueOptions {
  /** Hashes at once; default: all cores but one, at least one. */
  concurrency?: number;
  /** Sign-ins allowed to wait for a hash; more are refused. */
  maxWaiting?: number;
}

export interface HashQueue {
  run<T>(hash: () => Promise<T>): Promise<T>;
}

export function hashQueue({ concurrency = Math.max(1, availableParallelism() - 1), maxWaiting = 8 }: HashQueueOptions = {}): HashQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  // Mean time of one hash (moving average), which says how long the queue takes to clear.
  let meanMs = 100;
  return {
    async run(hash) {
      if (running >= concurrency) {
        if (waiting.length >= maxWaiting)
          throw new DangkyError('DK_ERR_SIGN_IN_BUSY', {
            detail: { retryAfterSeconds: Math.max(1, Math.ceil(((waiting.length + running) * meanMs) / concurrency / 1000)) },
          });
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
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
    },
  };
}
