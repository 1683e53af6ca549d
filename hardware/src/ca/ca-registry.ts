import { join } from 'node:path';
import type { TokenKeyType } from '@dangky/core/agent';
import { DangkyError } from '@dangky/core/errors';
import type { CaAdapter } from './ca-adapter.ts';
import type { FaultSource } from './ca-faults.ts';
import { createProviderCa, type ProviderCaOptions, type RetryPolicy } from './provider-ca.ts';
import { simulatedProviderProfiles, type ProviderProfile } from './provider-profiles.ts';
import { createProviderSim, type ProviderSim } from './provider-sim.ts';

/**
 * The CA adapters an agent holds, by provider id: `builtin` (the demo's and the CLI's own CA,
 * opened at start so a broken CA store shows at once) and one simulated adapter per provider
 * profile, each backed by its own real CA under `<caDir>/providers/<id>/` and opened on first
 * use. When a fault source is given the built-in CA goes through the same simulated wire (no
 * latency), so a test can take "the CA" down whichever adapter the counter uses. A real
 * provider client replaces a simulator here, behind the same ProviderApi.
 */

export interface CaRegistry {
  readonly builtin: CaAdapter;
  /** The adapter for a provider id (`builtin` included); throws DK_ERR_CA_PROVIDER_UNKNOWN. */
  caFor(providerId: string): CaAdapter;
  readonly ids: readonly string[];
  /** Key types the provider's CA certifies (undefined: any, e.g. the built-in CA). */
  keyTypesOf(providerId: string): readonly TokenKeyType[] | undefined;
  /** Opens the CAs behind these providers now (default all), so no first request waits for a CA's first start. */
  prepare(ids?: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface OpenCaRegistryOptions {
  /** The built-in CA's directory; providers' CAs live under `<caDir>/providers/<id>/`. */
  caDir: string;
  /** Default the simulated profiles of provider-profiles.ts. */
  providers?: readonly ProviderProfile[];
  faults?: FaultSource;
  /** `profile` (default): each provider's latency distribution; `none`: answer at once (tests). */
  latency?: 'profile' | 'none';
  retry?: Partial<RetryPolicy>;
  onAttempt?: ProviderCaOptions['onAttempt'];
  /** SoftHSM2 module of the CAs' own tokens. */
  modulePath?: string;
}

export async function openCaRegistry(options: OpenCaRegistryOptions): Promise<CaRegistry> {
  const { openBuiltinCa } = await import('./builtin-ca.ts');
  const soft = options.modulePath ? { modulePath: options.modulePath } : {};
  const plain = await openBuiltinCa({ dir: options.caDir, ...soft });
  const adapter = (id: string, api: ReturnType<typeof createProviderSim>) =>
    createProviderCa({
      id,
      api,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
    });
  const builtin = options.faults
    ? adapter('builtin', createProviderSim({ id: 'builtin', backing: async () => plain, faults: options.faults }))
    : plain;
  const table = new Map<string, CaAdapter>([['builtin', builtin]]);
  const sims = new Map<string, ProviderSim>();
  for (const profile of options.providers ?? simulatedProviderProfiles) {
    const api = createProviderSim({
      id: profile.id,
      keyTypes: profile.keyTypes,
      ...(options.latency === 'none' ? {} : { latency: profile.latency }),
      ...(options.faults ? { faults: options.faults } : {}),
      backing: () =>
        openBuiltinCa({
          dir: join(options.caDir, 'providers', profile.id),
          id: profile.id,
          commonName: profile.caName,
          organization: `${profile.name} (simulated)`,
          ...soft,
        }),
    });
    sims.set(profile.id, api);
    table.set(profile.id, adapter(profile.id, api));
  }
  return {
    builtin,
    ids: [...table.keys()],
    keyTypesOf: (providerId) => (options.providers ?? simulatedProviderProfiles).find((p) => p.id === providerId)?.keyTypes,
    prepare: async (ids = [...sims.keys()]) => {
      await Promise.all(ids.map((id) => sims.get(id)?.open()));
    },
    caFor(providerId) {
      const ca = table.get(providerId);
      if (!ca) throw new DangkyError('DK_ERR_CA_PROVIDER_UNKNOWN', { detail: { providerId } });
      return ca;
    },
    close: async () => {
      await Promise.all([...table.values()].map((ca) => ca.close()));
      // The wrapped built-in CA closes its backing only if a request opened it (closing twice is harmless).
      if (builtin !== plain) await plain.close();
    },
  };
}
