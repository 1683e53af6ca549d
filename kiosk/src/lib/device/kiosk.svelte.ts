import { createActor, fromCallback, fromPromise } from 'xstate';
import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import type { DeviceStatus } from '@dangky/core/agent';
import { DangkyError, type ErrorCode } from '@dangky/core/errors';
import type { ChipReading } from '@dangky/core/id';
import {
  kioskRegistrationMachine,
  type KioskAnswers,
  type KioskEvent,
  type KioskSnapshot,
  type PrintTicketInput,
  type SubmittedTicket,
} from '@dangky/core/machines';
import { defaultServiceRules, type ServiceRules } from '@dangky/core/gates';
import { ticketWait } from '@dangky/core/queue';
import { hcmDay } from '@dangky/core/time';
import type { PairingLink } from '@dangky/core/protocol';
import type { Reference } from '@dangky/core/schemas';
import { SvelteDate } from 'svelte/reactivity';
import { registrationWindow, type RegistrationWindow } from '@dangky/core/admin';
import { openDevice, type PairedDevice, type SyncRunner } from '@dangky/web/shell';
import { cachedReference, refreshReference } from '@dangky/web';
import { addFlowMessages } from '../i18n/flow-messages.ts';
import { KioskDb } from './kiosk-db.ts';
import { printTicket, type Translate } from './print-ticket.ts';
import { submitRegistration } from './submit-registration.ts';

/**
 * This browser as a kiosk: the shell's device (database, sealing key, pairing, agent, sync — the
 * kiosk only pushes), the catalogue, and the registration flow with the app's actors. Loaded after
 * the welcome screen is on screen (see routes/+page.svelte), so the first paint needs none of it.
 */
export interface Kiosk {
  readonly snapshot: KioskSnapshot;
  readonly pairing: PairingLink | null;
  readonly justPaired: boolean;
  readonly pairingError: ErrorCode | null;
  readonly reference: Reference | null;
  /** The ages that decide who may register here (the server's, or core's defaults before any). */
  readonly rules: ServiceRules;
  /**
   * Whether the kiosk's site takes new registrations now: an event booth only on its days (the
   * server refuses the rest with the same rule). Re-read every minute, so a booth closes at midnight.
   */
  readonly window: RegistrationWindow;
  /**
   * The server said this device is no longer enrolled (revoked, or its secret replaced): how many
   * unsent records it held — reported to the server, then erased with the rest of its data.
   */
  readonly revoked: { kept: number } | null;
  readonly sync: SyncRunner | null;
  send(event: KioskEvent): void;
  /** The station's devices as the agent last reported them (empty without an agent or before it answers). */
  readonly devices: DeviceStatus[];
  /** The station's QR scanner's state; null when the station has none. */
  readonly qrScanner: DeviceStatus['state'] | null;
  stop(): void;
}

export async function openKiosk(): Promise<Kiosk> {
  addFlowMessages();
  const db = new KioskDb();
  const state = $state({ reference: await cachedReference(db) });
  /** The catalogue again (offline, the cached one stands; sync shows the network state). */
  const refresh = ({ pairing }: PairedDevice<KioskDb>): Promise<void> =>
    refreshReference(db, pairing)
      .then((r) => void (state.reference = r))
      .catch(() => {});
  // The first refresh may move a wiped kiosk's counters up: the first push and the first ticket
  // wait for it, but not for long.
  let first: Promise<void> | null = null;
  const device = await openDevice({
    db,
    client: 'kiosk',
    beforeFirstPush: (paired) => (first ??= refresh(paired)),
    onPushed: (_outcome, paired) => void refresh(paired),
  });
  const { sealer, pairing, agent, sync } = device;
  await Promise.race([first, new Promise((r) => setTimeout(r, 3_000))]);
  const t: Translate = (key, values) => get(_)(key, values ? { values } : undefined);

  const machine = kioskRegistrationMachine.provide({
    actors: {
      submitRegistration: fromPromise<SubmittedTicket, KioskAnswers>(async ({ input }) => {
        if (!pairing) throw new Error('unpaired kiosk');
        const submitted = await submitRegistration(db, sealer, pairing, input);
        await sync?.outboxChanged();
        // From the counts the server last sent (offline: the last known, or an honest "cannot tell").
        return { ...submitted, wait: ticketWait({ figures: state.reference?.device?.waitFigures ?? null, nowMs: Date.now() }) };
      }),
      printTicket: fromPromise<void, PrintTicketInput>(({ input }) =>
        printTicket(agent, input, {
          t,
          siteName: pairing?.siteName ?? '',
          providers: state.reference?.providers ?? [],
          helpUrl: `${location.origin}/help/`,
        }),
      ),
      // The card's chip through the station's agent, opened with the typed ID number; no portrait on a kiosk.
      readChip: fromPromise<ChipReading, { idNumber: string }>(async ({ input }) => {
        if (!agent) throw new DangkyError('DK_ERR_AGENT_UNREACHABLE', { detail: { reason: 'no agent paired' } });
        const { identity, verdict } = await agent.request('nfc.read-card', { idNumber: input.idNumber, withPhoto: false });
        return { identity, verdict };
      }),
      // The station's QR scanner, heard only while the identity step is on screen: a code scanned on another step is ignored.
      qrScanner: fromCallback<KioskEvent>(
        ({ sendBack }) =>
          agent?.onNotification((notification) => {
            if (notification.type === 'qr.scanned') sendBack({ type: 'qr.scanned', payload: notification.payload });
          }) ?? (() => {}),
      ),
    },
  });
  // The kiosk's clock gives the identity step its Ho Chi Minh day (no birth date after it); the
  // server's ages come with its reference (the cached one offline, core's defaults before any).
  // The time at the kiosk is measured on the page's monotonic clock: a clock the network corrects mid-visit does not change it.
  const actor = createActor(machine, {
    input: {
      today: () => hcmDay(Date.now()),
      rules: () => state.reference?.rules ?? defaultServiceRules,
      now: () => performance.now(),
    },
  });
  let snapshot = $state.raw(actor.getSnapshot());
  actor.subscribe((s) => (snapshot = s));
  actor.start();
  const online = () => void (pairing && refresh({ db, sealer, pairing }));
  window.addEventListener('online', online);
  const clock = new SvelteDate();
  // Each minute: the clock, and the reference again — the site's waiting counts for the ticket age fast.
  const tick = setInterval(() => {
    clock.setTime(Date.now());
    online();
  }, 60_000);
  const site = $derived(state.reference?.sites.find((x) => x.id === pairing?.siteId));
  const open = $derived(site ? registrationWindow(site, clock.toISOString()) : ({ open: true } as const));

  return {
    get snapshot() {
      return snapshot;
    },
    pairing,
    justPaired: device.justPaired,
    pairingError: device.pairingError,
    get reference() {
      return state.reference;
    },
    get rules() {
      return state.reference?.rules ?? defaultServiceRules;
    },
    get window() {
      return open;
    },
    get revoked() {
      if (device.wiped) return { kept: device.wiped.pending };
      return sync?.errorCode === 'DK_ERR_DEVICE_REVOKED' ? { kept: sync.pending } : null;
    },
    sync,
    send: (event) => actor.send(event),
    get devices() {
      return device.devices;
    },
    get qrScanner() {
      return device.devices.find((d) => d.kind === 'qr-scanner')?.state ?? null;
    },
    stop() {
      window.removeEventListener('online', online);
      clearInterval(tick);
      actor.stop();
      device.stop();
    },
  };
}
