/**
 * Retrying a connection with a doubling delay: `schedule` runs `attempt` after the current delay
 * (at most one pending), then doubles it up to `maxMs`; `reset` after a success starts again from
 * `firstMs`; `cancel` stops for good (the device was closed).
 */
export interface Backoff {
  schedule(): void;
  reset(): void;
  cancel(): void;
}

export function createBackoff(options: { firstMs: number; maxMs: number; attempt: () => void }): Backoff {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextMs = options.firstMs;
  let cancelled = false;
  return {
    schedule() {
      if (cancelled || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        options.attempt();
      }, nextMs);
      nextMs = Math.min(options.maxMs, nextMs * 2);
    },
    reset() {
      nextMs = options.firstMs;
    },
    cancel() {
      cancelled = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
