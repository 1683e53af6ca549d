import { createAgentClient, type AgentClient } from '@dangky/core/agent';
import type { ErrorCode } from '@dangky/core/errors';
import { CounterDb } from '../db/counter-db.ts';
import { openSealer, pairFromLocation, type Sealer } from '@dangky/web';
import type { PairingLink } from '@dangky/core/protocol';
import { createSyncRunner, type SyncRunner } from '../sync/sync-runner.svelte.ts';

/**
 * This browser as a device: its Dexie database, the sealing key, the pairing (if any) and
 * the sync runner that goes with it. Opened once per page load by the root layout.
 */
export interface Device {
  db: CounterDb;
  sealer: Sealer;
  pairing: PairingLink | null;
  sync: SyncRunner | null;
  /** The station's hardware agent (chip reader), when the pairing names one. */
  agent: AgentClient | null;
  /** Set when this page load paired the browser (the layout says so once). */
  justPaired: boolean;
  /** Why the pairing link of this page load was refused, if it was. */
  pairingError: ErrorCode | null;
}

export const device = $state<{ current: Device | null; error: unknown }>({ current: null, error: null });

export async function openDevice(location: Location = window.location, history: History = window.history): Promise<Device> {
  const db = new CounterDb();
  const sealer = await openSealer(db);
  const { pairing, justPaired, pairingError } = await pairFromLocation(db, sealer, location, history);
  const sync = pairing ? createSyncRunner({ db, sealer, pairing }) : null;
  const agent =
    pairing?.agentUrl && pairing.agentSecret
      ? createAgentClient({ url: pairing.agentUrl, pairingSecret: pairing.agentSecret, client: 'counter' })
      : null;
  const opened: Device = { db, sealer, pairing, sync, agent, justPaired, pairingError };
  device.current = opened;
  return opened;
}
