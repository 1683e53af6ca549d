/**
 * The browser shell the kiosk and the counter share (`@dangky/web/shell`): device boot, the
 * actor → rune adapter, the one error handler and its client hooks, the error summary of a form,
 * the sync runner and its indicator, and the Dexie live-query rune. Svelte code: only the two apps import it.
 */
export { startActorRune, withCleanup, type ActorRune } from './actor-rune.svelte.ts';
export { clientHooks } from './client-hooks.ts';
export { codeOf } from './error-code.ts';
export { default as ErrorSummary } from './ErrorSummary.svelte';
export { describeError, dismissError, errorState, messageFor, reportError, type ShownError } from './errors.svelte.ts';
export { liveQuery, type LiveQuery } from './live-query.svelte.ts';
export { openDevice, type Device, type OpenDeviceOptions, type PairedDevice } from './open-device.svelte.ts';
export { createSyncRunner, type SyncRunner, type SyncRunnerOptions } from './sync-runner.svelte.ts';
export { default as SyncIndicator } from './SyncIndicator.svelte';
