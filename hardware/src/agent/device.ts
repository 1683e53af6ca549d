import type { AgentNotification, DeviceKind, DeviceStatus } from '@dangky/core/agent';

/**
 * What the agent needs from each device it serves. A device module owns its port (serial,
 * PKCS#11, …), reconnects on its own, and reports every change of state; the agent only routes
 * requests to it and forwards its status to the paired page.
 */
export interface AgentDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  status(): DeviceStatus;
  /** Called on every change of status; returns an unsubscribe function. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  /** Events the device pushes to the paired pages besides its status (a scanned QR); returns unsubscribe. */
  onNotification?(listener: (notification: AgentNotification) => void): () => void;
  close(): Promise<void>;
}
