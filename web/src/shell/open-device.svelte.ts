import { createAgentClient, type AgentClient, type DeviceStatus } from '@dangky/core/agent';
import type { ErrorCode } from '@dangky/core/errors';
import type { PairingLink } from '@dangky/core/protocol';
import type { PullOutcome, PushOutcome } from '@dangky/core/sync';
import type { DeviceDb } from '../device-db.ts';
import { pairFromLocation } from '../pair-from-location.ts';
import { fetchDeviceReference } from '../reference.ts';
import type { Sealer } from '../sealer.ts';
import { openSealer } from '../sealing-key.ts';
import { createSyncRunner, type SyncRunner } from './sync-runner.svelte.ts';

/**
 * This browser as a device, the same boot for the kiosk and the counter: its Dexie database and
 * sealing key, the pairing (taken from a `#pair=…` link when the page was opened with one), the
 * station's hardware agent and the devices it reports (a rune), and sync. Opened once per page
 * load; `stop()` closes what it opened.
 */
export interface PairedDevice<D extends DeviceDb> {
  db: D;
  sealer: Sealer;
  pairing: PairingLink;
}

export interface Device<D extends DeviceDb> {
  readonly db: D;
  readonly sealer: Sealer;
  readonly pairing: PairingLink | null;
  /** This page load paired the browser (the app says so once). */
  readonly justPaired: boolean;
  /** Why this page load's pairing link was refused, if it was. */
  readonly pairingError: ErrorCode | null;
  /** The station's hardware agent, when the pairing names one. */
  readonly agent: AgentClient | null;
  /** The station's devices as the agent last reported them (empty without an agent or before it answers). */
  readonly devices: DeviceStatus[];
  readonly sync: SyncRunner | null;
  stop(): void;
}

export interface OpenDeviceOptions<D extends DeviceDb> {
  db: D;
  /** How the agent client introduces itself. */
  client: 'kiosk' | 'counter';
  /** Before the first push (waited for at most 3 s). Default: adopt the server's counters (`fetchDeviceReference`). */
  beforeFirstPush?: (device: PairedDevice<D>) => Promise<unknown>;
  /** One page of what this device pulls, stored (a counter: its site's queue); none: push only. */
  pullPage?: (device: PairedDevice<D>) => Promise<PullOutcome>;
  onPushed?: (outcome: PushOutcome, device: PairedDevice<D>) => void;
  /** A staff member is signed in at start (a counter pulls only then). Default true. */
  staffSignedIn?: boolean;
  /** The app's build, reported to the fleet page with each push (SvelteKit's `version`). */
  appVersion?: string;
  location?: Location;
  history?: History;
}

export async function openDevice<D extends DeviceDb>(options: OpenDeviceOptions<D>): Promise<Device<D>> {
  const { db } = options;
  const sealer = await openSealer(db);
  const { pairing, justPaired, pairingError } = await pairFromLocation(db, sealer, options.location, options.history);
  const paired = pairing ? { db, sealer, pairing } : null;
  const { pullPage } = options;
  let devices = $state.raw<DeviceStatus[]>([]);
  const report = {
    appVersion: `${options.client} ${options.appVersion ?? 'dev'}`,
    hardware: () => devices.map((d) => ({ kind: d.kind, state: d.state, errorCode: d.errorCode?.slice(0, 64) ?? null })),
  };
  const sync = paired
    ? createSyncRunner({
        db,
        sealer,
        pairing: paired.pairing,
        beforeFirstPush: () => (options.beforeFirstPush ?? (() => fetchDeviceReference(db, paired.pairing)))(paired),
        ...(pullPage ? { pullPage: () => pullPage(paired) } : {}),
        onPushed: (outcome) => options.onPushed?.(outcome, paired),
        report,
        ...(options.staffSignedIn !== undefined ? { staffSignedIn: options.staffSignedIn } : {}),
      })
    : null;
  const agent =
    pairing?.agentUrl && pairing.agentSecret
      ? createAgentClient({ url: pairing.agentUrl, pairingSecret: pairing.agentSecret, client: options.client })
      : null;
  const stopDevices = agent?.onDevices((list) => (devices = list));
  return {
    db,
    sealer,
    pairing,
    justPaired,
    pairingError,
    agent,
    get devices() {
      return devices;
    },
    sync,
    stop() {
      sync?.stop();
      stopDevices?.();
      agent?.close();
    },
  };
}
