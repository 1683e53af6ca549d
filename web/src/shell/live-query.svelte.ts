import { liveQuery as dexieLiveQuery } from 'dexie';

/**
 * A Dexie read as a rune (STYLE §14): `current` is re-read whenever a write touches what the query
 * read — in this tab or another, by sync or by the page itself — so no page keeps a hand-made
 * "something changed" counter. Dexie tracks only its own calls, so `query` may await Dexie and
 * nothing else; `open` does what else the rows need (Web Crypto opening sealed rows) outside that
 * tracking, and a later result always replaces an earlier one still being opened.
 *
 * Call it while a component initialises (it lives as long as the component). `deps` names the
 * reactive values the query depends on: when they change, the query starts again.
 */
export interface LiveQuery<T> {
  /** The last result; undefined until the first one. */
  readonly current: T | undefined;
  readonly isLoading: boolean;
  /** Why the last run failed, or null. */
  readonly error: unknown;
}

export function liveQuery<R, T = R>(
  query: () => Promise<R>,
  options: { open?: (rows: R) => Promise<T> | T; deps?: () => unknown } = {},
): LiveQuery<T> {
  let current = $state.raw<T | undefined>(undefined);
  let isLoading = $state(true);
  let error = $state.raw<unknown>(null);
  $effect(() => {
    options.deps?.();
    let latest = 0;
    const settle = (run: number, next: { value: T } | { error: unknown }) => {
      if (run !== latest) return;
      if ('value' in next) [current, error] = [next.value, null];
      else error = next.error;
      isLoading = false;
    };
    const subscription = dexieLiveQuery(query).subscribe({
      next: (rows) => {
        const run = ++latest;
        Promise.resolve(options.open ? options.open(rows) : (rows as unknown as T)).then(
          (value) => settle(run, { value }),
          (failure: unknown) => settle(run, { error: failure }),
        );
      },
      error: (failure: unknown) => settle(latest, { error: failure }),
    });
    return () => subscription.unsubscribe();
  });
  return {
    get current() {
      return current;
    },
    get isLoading() {
      return isLoading;
    },
    get error() {
      return error;
    },
  };
}
