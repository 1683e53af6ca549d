import { fromPromise } from 'xstate';
import { startActorRune } from '@dangky/web/shell';
import { remoteActivation, remoteActivationConfirmPath, remoteActivationPath, routes, type RemoteActivation } from '@dangky/core/protocol';
import { remoteActivationMachine, type RemoteActivationEvent, type RemoteActivationSnapshot } from '@dangky/core/machines';
import { requestJson } from '@dangky/web';

/**
 * Remote-signing activation at this counter: core's `remoteActivationMachine` wired to the
 * sync-server's remote-signing routes (which hold the provider adapter). Only the registration
 * id is sent; the server takes the citizen's data from the registration it holds. Exposed as a
 * rune (`snapshot`) for the panel.
 */
export interface RemoteSigningApi {
  server: string;
  authorization: string;
  fetch?: typeof fetch;
}

export const registerRemote = (api: RemoteSigningApi, registrationId: string): Promise<RemoteActivation> =>
  requestJson(api.server, routes.remoteActivations, remoteActivation, {
    method: 'POST',
    body: { registrationId },
    authorization: api.authorization,
    ...(api.fetch ? { fetch: api.fetch } : {}),
  });

export const checkActivation = (api: RemoteSigningApi, activationId: string): Promise<RemoteActivation> =>
  requestJson(api.server, remoteActivationPath(activationId), remoteActivation, {
    authorization: api.authorization,
    ...(api.fetch ? { fetch: api.fetch } : {}),
  });

/** The demo's stand-in for the citizen's tap in the provider's phone app (simulator only). */
export const confirmOnSimulator = (api: RemoteSigningApi, activationId: string): Promise<RemoteActivation> =>
  requestJson(api.server, remoteActivationConfirmPath(activationId), remoteActivation, {
    method: 'POST',
    body: {},
    authorization: api.authorization,
    ...(api.fetch ? { fetch: api.fetch } : {}),
  });

export interface RemoteActivationFlow {
  readonly snapshot: RemoteActivationSnapshot;
  send(event: RemoteActivationEvent): void;
  stop(): void;
}

export function createRemoteActivation(options: { api: RemoteSigningApi; registrationId: string; pollMs?: number }): RemoteActivationFlow {
  const { api } = options;
  const machine = remoteActivationMachine.provide({
    actors: {
      registerRemote: fromPromise(({ input }) => registerRemote(api, input.registrationId)),
      checkActivation: fromPromise(({ input }) => checkActivation(api, input.activationId)),
    },
    ...(options.pollMs ? { delays: { pollInterval: options.pollMs } } : {}),
  });
  return startActorRune(machine, { registrationId: options.registrationId });
}
