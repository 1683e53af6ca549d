import type { DeviceStatus } from '@dangky/core/agent';
import type { ErrorCode } from '@dangky/core/errors';

/**
 * A device's current status and its listeners: `set` changes it and tells every listener, but
 * only when something changed (a reconnect loop re-reporting "offline" is not news). Details are
 * cut to the protocol's 200 characters. `log` gets each change (state and code, never detail).
 */
export interface StatusCell {
  current(): DeviceStatus;
  set(state: DeviceStatus['state'], errorCode?: ErrorCode | null, detail?: string | null): void;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  clear(): void;
}

export function createStatusCell(initial: DeviceStatus, log: (id: string, state: string, code: string) => void): StatusCell {
  let current = initial;
  const listeners = new Set<(status: DeviceStatus) => void>();
  return {
    current: () => current,
    set(state, errorCode = null, detail = null) {
      const next: DeviceStatus = { ...current, state, errorCode, detail: detail && detail.slice(0, 200) };
      if (next.state === current.state && next.errorCode === current.errorCode && next.detail === current.detail) return;
      current = next;
      log(current.id, state, errorCode ?? '');
      for (const listener of listeners) listener(current);
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
