import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import type { RegistrationState } from '@dangky/core/events';
import { remoteActivationRequest, routes, type RemoteActivation, type StaffUser } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { openStoredRegistration } from '../db/stored-registration.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';
import { authenticateStaff } from '../auth/staff-auth.ts';
import type { ProviderActivation, RemoteSigningAdapter } from '../remote-signing/adapter.ts';

const activationParams = z.object({ activationId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/) });

/**
 * The counter's remote-signing calls, passed on to the provider adapter. The server, not the
 * counter, sends the citizen's data: it takes it from the registration it holds, after checking
 * the clerk works at that registration's site and the registration is an open "remote" one.
 */
export function remoteSigningRoutes(app: FastifyInstance, db: Db, adapter: RemoteSigningAdapter, keys: ServerKeys): void {
  const view = (a: ProviderActivation): RemoteActivation => ({ ...a, simulated: adapter.simulator !== undefined });

  async function registrationFor(user: StaffUser, registrationId: string): Promise<RegistrationState> {
    const [row] = await db.query<{ state: unknown }>('SELECT state FROM registrations WHERE id = $1', [registrationId]);
    if (!row) throw new DangkyError('DK_ERR_UNKNOWN_REGISTRATION');
    const state = await openStoredRegistration(db, keys, registrationId, row.state);
    if (user.role !== 'city-manager' && !user.siteIds.includes(state.draft.siteId)) throw new DangkyError('DK_ERR_WRONG_SITE');
    return state;
  }

  app.post(routes.remoteActivations, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const { registrationId } = remoteActivationRequest.parse(req.body);
    const state = await registrationFor(user, registrationId);
    const { draft } = state;
    if (draft.service.kind !== 'digital-signature' || draft.service.channel !== 'remote')
      throw new DangkyError('DK_ERR_REMOTE_NOT_REMOTE_CHANNEL');
    if (state.status === 'completed' || state.status === 'cancelled') throw new DangkyError('DK_ERR_ILLEGAL_TRANSITION');
    const [provider] = await db.query<{ product: string }>('SELECT product FROM providers WHERE id = $1 AND active', [
      draft.service.providerId,
    ]);
    if (!provider) throw new DangkyError('DK_ERR_UNKNOWN_PROVIDER');
    const activation = await adapter.register({
      providerId: draft.service.providerId,
      providerProduct: provider.product,
      registrationId,
      fullName: draft.identity.fullName,
      idNumber: draft.identity.idNumber,
      phone: draft.contact.phone,
      email: draft.contact.email ?? null,
    });
    return view(activation);
  });

  app.get(routes.remoteActivation, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const { activationId } = activationParams.parse(req.params);
    const activation = await adapter.status(activationId);
    await registrationFor(user, activation.registrationId);
    return view(activation);
  });

  const simulator = adapter.simulator;
  if (simulator) {
    // The citizen's tap in the provider's phone app, for the demo and the tests only.
    app.post(routes.remoteActivationConfirm, async (req) => {
      const user = await authenticateStaff(db, req.headers.authorization);
      const { activationId } = activationParams.parse(req.params);
      await registrationFor(user, (await adapter.status(activationId)).registrationId);
      return view(await simulator.confirm(activationId));
    });
  }
}
