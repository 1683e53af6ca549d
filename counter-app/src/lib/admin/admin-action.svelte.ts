import { errorCodeOf, type ErrorCode } from '@dangky/core/errors';

/**
 * One administration call at a time per page: the page shows "busy" while it runs and the
 * server's refusal (its registry code, said to a person by `messageFor`) when it fails.
 */
export interface AdminAction {
  readonly busy: boolean;
  readonly problem: ErrorCode | null;
  run<T>(call: () => Promise<T>): Promise<T | undefined>;
}

export function adminAction(): AdminAction {
  const state = $state<{ busy: boolean; problem: ErrorCode | null }>({ busy: false, problem: null });
  return {
    get busy() {
      return state.busy;
    },
    get problem() {
      return state.problem;
    },
    async run(call) {
      state.busy = true;
      state.problem = null;
      try {
        return await call();
      } catch (error) {
        state.problem = errorCodeOf(error);
        return undefined;
      } finally {
        state.busy = false;
      }
    },
  };
}
