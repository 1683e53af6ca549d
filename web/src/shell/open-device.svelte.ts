import { createAgentClient, type AgentClient, type DeviceStatus } from '@dangky/core/agent';
import { DangkyError, errorCodeOf, type ErrorCode } from '@dangky/core/errors';
import type { PairingLink } from '@dangky/core/protocol';
import type { PullOutcome, PushOutcome } from '@dangky/core/sync';
import type { DeviceDb } from '../device-db.ts';
import { forgetQueued } from '../forget-keys.ts';
import { readLegacyPairing, resealLegacyRows } from '../legacy-sealing.ts';
import { enrolWithCode } from '../enrol-from-location.ts';
import { openStoredPairing, readStoredPairing, savePairing, takeLocationLink } from '../pairing-store.ts';
import type { AcknowledgedSink } from '../push-batch.ts';
import { refreshReference } from '../reference.ts';
import { rowKeyHolder } from '../row-key-holder.ts';
import { agentRowKeys, noRowKeys } from '../row-keys.ts';
import { sealerFor, type Sealer } from '../sealer.ts';
import { sweepUnusedKeys } from '../sweep-keys.ts';
import { readSetting, writeSetting, type Settings } from '../settings.ts';
import { reportAndWipe } from '../wipe-device.ts';
import { createSyncRunner, type SyncRunner } from './sync-runner.svelte.ts';

/**
 * This browser as a device, the same boot for the kiosk and the counter: its Dexie database,
 * the station's hardware agent — which keeps the keys of every sealed row and seals the pairing
 * secrets, so nothing in the profile opens without it (web/src/sealer.ts) — the pairing, the
 * devices the agent reports (a rune), and sync. Opened once per page load; `stop()` closes what
 * it opened.
 *
 * The page may be opened with a link: `#pair=…` (server and agent at once), `#station=…` (joins
 * the browser to its station's agent only), or `#enrol=…` (an administrator's one-time code,
 * redeemed only once the agent — from the stored pairing or station — has answered, so the
 * device secret it brings is sealed at once under a key that agent holds).
 *
 * Without its agent a paired device stays locked (`pairing` null, `pairingError`
 * DK_ERR_KEY_STORE_UNAVAILABLE): it cannot read its secrets or its rows, by design. When the
 * server says the device is no longer enrolled, it reports what it holds, then wipes its
 * personal data (wipe-device.ts).
 */
export interface PairedDevice<D extends DeviceDb> {
  db: D;
  sealer: Sealer;
  pairing: PairingLink;
}

export interface Device<D extends DeviceDb> {
  readonly db: D;
  /** Seals and opens rows with keys the agent keeps (without an agent, it refuses with DK_ERR_KEY_STORE_UNAVAILABLE). */
  readonly sealer: Sealer;
  readonly pairing: PairingLink | null;
  /** This page load paired the browser (the app says so once). */
  readonly justPaired: boolean;
  /** Why this device is not usable as paired: its pairing link was refused, or its agent is not there. */
  readonly pairingError: ErrorCode | null;
  /** This browser wiped itself when the server said it was no longer enrolled (what it held, reported first). */
  readonly wiped: Settings['wiped'] | null;
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
  client: 'kiosk' | 'counter' | 'display';
  /** Before the first push (waited for at most 3 s). Default: adopt the server's counters and keep the catalogue (`refreshReference`). */
  beforeFirstPush?: (device: PairedDevice<D>) => Promise<unknown>;
  /** One page of what this device pulls, stored (a counter: its site's queue); none: push only. */
  pullPage?: (device: PairedDevice<D>) => Promise<PullOutcome>;
  /** Where the events the server accepted are folded, for a device that keeps views of them (push-batch.ts). */
  acknowledged?: (device: PairedDevice<D>) => AcknowledgedSink;
  /** Before every push, in the same step (sync-runner.svelte.ts): e.g. a counter's breaks. */
  beforePush?: (device: PairedDevice<D>) => Promise<void>;
  onPushed?: (outcome: PushOutcome, device: PairedDevice<D>) => void;
  /** After the device wiped itself because the server no longer knows it. Default: reload the page (it opens unpaired). */
  onWiped?: () => void;
  /** A staff member is signed in at start (a counter pulls only then). Default true. */
  staffSignedIn?: boolean;
  /** The app's build, reported to the fleet page with each push (SvelteKit's `version`). */
  appVersion?: string;
  /** How long to wait for the agent at start, ms. Default 15,000 (it may be starting with the PC). */
  agentWaitMs?: number;
  location?: Location;
  history?: History;
}

/** Resolves once the agent has answered (its welcome came with it); rejects after `waitMs`. */
async function reachAgent(agent: AgentClient, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await agent.request('devices.list', {});
      return;
    } catch (error) {
      const code = errorCodeOf(error);
      // Refused pairing or origin: retrying cannot help, and the page says which (re-pair the station).
      if (code === 'DK_ERR_AGENT_PAIRING' || code === 'DK_ERR_AGENT_ORIGIN') throw error;
      if (Date.now() >= deadline) throw new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE', { cause: error, detail: { agentCode: code } });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function openDevice<D extends DeviceDb>(options: OpenDeviceOptions<D>): Promise<Device<D>> {
  const { db } = options;
  const startedAt = Date.now();
  const holder = await rowKeyHolder(db);
  const taken = takeLocationLink(options.location, options.history);
  const legacy = taken.pair ? null : await readLegacyPairing(db);
  const link = taken.pair ?? legacy;
  const stored = link ? null : await readStoredPairing(db);
  const station = link || stored ? null : ((await readSetting(db, 'station')) ?? null);
  const joining = taken.station ?? (link?.agentUrl && link.agentSecret ? { agentUrl: link.agentUrl, agentSecret: link.agentSecret } : null);
  const agentUrl = joining?.agentUrl ?? stored?.public.agentUrl ?? station?.agentUrl;
  const sealedCredential = stored?.sealedPairing ?? station?.sealedPairing;
  const credential = joining ? { pairingSecret: joining.agentSecret } : sealedCredential ? { sealedPairing: sealedCredential } : null;
  const wiped = (await readSetting(db, 'wiped')) ?? null;

  let pairingError: ErrorCode | null = taken.error;
  if (!agentUrl || !credential) {
    // A link without an agent cannot be kept: there would be nothing to seal its secrets with.
    if (link) pairingError = 'DK_ERR_KEY_STORE_UNAVAILABLE';
    // An enrolment code is not even redeemed: the station must be joined to its agent first.
    if (taken.enrol) pairingError = 'DK_ERR_STATION_AGENT_REQUIRED';
    return unpaired(db, pairingError, wiped);
  }
  let sealedPairing: string | null = null;
  const agent = createAgentClient({ url: agentUrl, ...credential, client: options.client, onSealedPairing: (s) => (sealedPairing = s) });
  // Listening before the first answer: the client does not replay the device list its welcome brought.
  let devices = $state.raw<DeviceStatus[]>([]);
  const stopDevices = agent.onDevices((list) => (devices = list));
  const sealer = sealerFor(agentRowKeys(agent, holder));
  const agentSealed = (): string => {
    if (!sealedPairing) throw new DangkyError('DK_ERR_KEY_STORE_UNAVAILABLE', { detail: { reason: 'the agent keeps no keys' } });
    return sealedPairing;
  };

  let pairing: PairingLink | null = null;
  try {
    await reachAgent(agent, options.agentWaitMs ?? 15_000);
    if (link) {
      await savePairing(db, sealer, link, agentSealed());
      if (legacy) await resealLegacyRows(db, sealer);
      await db.settings.bulkDelete(['station', 'wiped']);
      const { agentSecret: _secret, ...kept } = link;
      pairing = kept;
    } else if (taken.enrol) {
      pairing = await enrolWithCode(db, sealer, taken.enrol, { agentUrl, sealedPairing: agentSealed() });
    } else if (stored) {
      pairing = await openStoredPairing(stored, sealer);
    } else if (taken.station) {
      await writeSetting(db, 'station', { agentUrl, sealedPairing: agentSealed() });
    }
  } catch (error) {
    pairingError = errorCodeOf(error);
    pairing = null;
  }
  const justPaired = pairing !== null && (taken.pair !== null || taken.enrol !== null);
  // Keys of rows deleted while the agent was away, and keys no row names: forgotten now.
  if (pairing)
    void forgetQueued(db, sealer)
      .then(() => sweepUnusedKeys(db, sealer, startedAt))
      .catch(() => undefined);

  const paired = pairing ? { db, sealer, pairing } : null;
  const { pullPage } = options;
  const report = {
    appVersion: `${options.client} ${options.appVersion ?? 'dev'}`,
    hardware: () => devices.map((d) => ({ kind: d.kind, state: d.state, errorCode: d.errorCode?.slice(0, 64) ?? null })),
  };
  let sync: SyncRunner | null = null;
  const revoked = async () => {
    if (!paired) return;
    sync?.stop();
    await reportAndWipe(db, sealer, paired.pairing, report);
    (options.onWiped ?? (() => window.location.reload()))();
  };
  sync = paired
    ? createSyncRunner({
        db,
        sealer,
        pairing: paired.pairing,
        beforeFirstPush: () => (options.beforeFirstPush ?? (() => refreshReference(db, paired.pairing, { sealer })))(paired),
        ...(pullPage ? { pullPage: () => pullPage(paired) } : {}),
        ...(options.acknowledged ? { acknowledged: options.acknowledged(paired) } : {}),
        ...(options.beforePush ? { beforePush: () => options.beforePush!(paired) } : {}),
        onPushed: (outcome) => options.onPushed?.(outcome, paired),
        onRevoked: revoked,
        report,
        ...(options.staffSignedIn !== undefined ? { staffSignedIn: options.staffSignedIn } : {}),
      })
    : null;
  return {
    db,
    sealer,
    pairing,
    justPaired,
    pairingError,
    wiped: pairing ? null : wiped,
    agent,
    get devices() {
      return devices;
    },
    sync,
    stop() {
      sync?.stop();
      stopDevices();
      agent.close();
    },
  };
}

function unpaired<D extends DeviceDb>(db: D, pairingError: ErrorCode | null, wiped: Settings['wiped'] | null): Device<D> {
  return {
    db,
    sealer: sealerFor(noRowKeys()),
    pairing: null,
    justPaired: false,
    pairingError,
    wiped,
    agent: null,
    devices: [],
    sync: null,
    stop: () => undefined,
  };
}
