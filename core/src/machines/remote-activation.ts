import { assign, fromPromise, setup, type SnapshotFrom } from 'xstate';
import { errorCodeOf } from '../errors/dangky-error.ts';
import type { ErrorCode } from '../errors/registry.ts';
import type { RemoteActivation } from '../protocol/remote-signing.ts';

/**
 * Activating a remote signature at the counter, as a statechart:
 *
 *   idle ──remote.submit──▶ registering ──▶ pending ⇄ checking ──confirmed──▶ confirmed
 *                               │              │          └──expired──▶ expired ──remote.retry──▶ registering
 *                               └── error ──▶ failed ──remote.retry──▶ registering
 *
 * `registerRemote` asks the provider (through the sync-server) for an activation: the code and
 * QR the citizen scans in the provider's phone app. `pending` polls `checkActivation` every
 * `pollInterval`; a poll that fails (network blip, provider slow) keeps the activation and
 * polls again — only the provider says when it expired. `confirmed` is reached only when the
 * provider says the citizen confirmed; the app then records `remote.activated`.
 */
export interface RemoteActivationContext {
  registrationId: string;
  activation: RemoteActivation | null;
  lastErrorCode: ErrorCode | null;
}

export interface RemoteActivationInput {
  registrationId: string;
}

export type RemoteActivationEvent =
  | { type: 'remote.submit' }
  | { type: 'remote.retry' }
  /** Poll now instead of waiting (after the demo's "confirm on the phone" stand-in). */
  | { type: 'remote.checkNow' };

/** Default in ms; apps and tests override it with `.provide({ delays })`. */
export const REMOTE_POLL_INTERVAL_MS = 3_000;

export const remoteActivationMachine = setup({
  types: {
    context: {} as RemoteActivationContext,
    input: {} as RemoteActivationInput,
    events: {} as RemoteActivationEvent,
  },
  actors: {
    registerRemote: fromPromise<RemoteActivation, { registrationId: string }>(async () => {
      throw new Error('remoteActivationMachine: provide a registerRemote actor');
    }),
    checkActivation: fromPromise<RemoteActivation, { activationId: string }>(async () => {
      throw new Error('remoteActivationMachine: provide a checkActivation actor');
    }),
  },
  delays: { pollInterval: REMOTE_POLL_INTERVAL_MS },
  guards: {
    isConfirmed: (_, activation: RemoteActivation) => activation.status === 'confirmed',
    isExpired: (_, activation: RemoteActivation) => activation.status === 'expired',
    isForRegistration: ({ context }, activation: RemoteActivation) => activation.registrationId === context.registrationId,
  },
  actions: {
    keepActivation: assign({ activation: (_, activation: RemoteActivation) => activation, lastErrorCode: null }),
  },
}).createMachine({
  id: 'remoteActivation',
  context: ({ input }) => ({ registrationId: input.registrationId, activation: null, lastErrorCode: null }),
  initial: 'idle',
  states: {
    idle: { on: { 'remote.submit': 'registering' } },
    registering: {
      invoke: {
        src: 'registerRemote',
        input: ({ context }) => ({ registrationId: context.registrationId }),
        onDone: [
          {
            guard: { type: 'isForRegistration', params: ({ event }) => event.output },
            target: 'pending',
            actions: { type: 'keepActivation', params: ({ event }) => event.output },
          },
          { target: 'failed', actions: assign({ lastErrorCode: 'DK_ERR_ILLEGAL_TRANSITION' as const }) },
        ],
        onError: { target: 'failed', actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }) },
      },
    },
    /** The code and QR are on screen; the citizen confirms in the provider's app. */
    pending: {
      after: { pollInterval: 'checking' },
      on: { 'remote.checkNow': 'checking' },
    },
    checking: {
      invoke: {
        src: 'checkActivation',
        input: ({ context }) => ({ activationId: context.activation!.activationId }),
        onDone: [
          {
            guard: { type: 'isConfirmed', params: ({ event }) => event.output },
            target: 'confirmed',
            actions: { type: 'keepActivation', params: ({ event }) => event.output },
          },
          {
            guard: { type: 'isExpired', params: ({ event }) => event.output },
            target: 'expired',
            actions: { type: 'keepActivation', params: ({ event }) => event.output },
          },
          { target: 'pending', actions: { type: 'keepActivation', params: ({ event }) => event.output } },
        ],
        onError: [
          // The provider no longer knows it, or says it expired: a new activation is needed.
          {
            guard: ({ event }) =>
              ['DK_ERR_REMOTE_ACTIVATION_EXPIRED', 'DK_ERR_REMOTE_ACTIVATION_UNKNOWN'].includes(errorCodeOf(event.error)),
            target: 'expired',
            actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }),
          },
          { target: 'pending', actions: assign({ lastErrorCode: ({ event }) => errorCodeOf(event.error) }) },
        ],
      },
    },
    /** The citizen confirmed on the phone: the app records `remote.activated`. */
    confirmed: { type: 'final' },
    expired: { on: { 'remote.retry': 'registering' } },
    failed: { on: { 'remote.retry': 'registering' } },
  },
});

export type RemoteActivationSnapshot = SnapshotFrom<typeof remoteActivationMachine>;
