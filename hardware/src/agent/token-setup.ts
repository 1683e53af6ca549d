import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import type { TokenSlot } from '@dangky/core/agent';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import type { CaFaults } from '../ca/ca-faults.ts';
import type { CaRegistry } from '../ca/ca-registry.ts';
import type { RetryPolicy } from '../ca/provider-ca.ts';
import type { ModuleClient } from '../token/multi-module-client.ts';
import type { TokenModuleEntry } from '../token/token-config.ts';
import { createTokenDevice, type TokenDevice } from './token-device.ts';
import { prepareSimulatedTokenStore, stockBlankToken } from './token-sim.ts';

/**
 * Wires the token slot for `dangky-hw agent`:
 *
 * - PKCS#11 modules from the site's token configuration (hardware/config/token-modules.json:
 *   one entry per vendor/model, chosen from the token's CK_TOKEN_INFO), each in its own worker;
 *   an entry whose module is not installed here is listed as such. `modulePath` loads that one
 *   module instead; `simulateDir` makes it SoftHSM2 over a store under `<simulateDir>/<station>/`,
 *   stocked with one blank token (the demo's USB token).
 * - The SO PIN of a token's model from the site's secret store, read at each issuance or
 *   unblock: the file `<secretsDir>/<entry.soPinSecret>`, or `soPinFile` for every model (the
 *   demo's single stock; also for any token of an explicit `modulePath`). A token no entry
 *   matches gets DK_ERR_TOKEN_MODEL_UNKNOWN: its SO PIN is not the site's to guess.
 * - The issuance journal (issuance-journal.ts) in `journalDir`, by default `<caDir>/issuance-journal`
 *   (the station's CA directory: what this station asked the CAs for, by registration).
 * - The CA adapters by provider: `builtin` (requests naming no provider) and a simulated adapter
 *   per provider profile (provider-profiles.ts), with faults from `caFaultFile` (re-read on each
 *   request) and `caFaults`.
 */

export const SOFTHSM_MODULE_PATH = process.env.DANGKY_SOFTHSM_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface OpenTokenSlotOptions {
  stationId: string;
  /** One vendor module instead of the configuration's list; default SoftHSM2 when simulating. */
  modulePath?: string;
  /** The token configuration; default hardware/config/token-modules.json (or DANGKY_TOKEN_CONFIG). */
  configPath?: string;
  /** One SO PIN file for every token model (first line; 0600, owned by the agent's user). */
  soPinFile?: string;
  /** The site's secret store: the SO PIN of a model is the file named by its entry's `soPinSecret`. */
  secretsDir?: string;
  /** Which CA answers a request that names no provider; only `builtin` exists. */
  ca: 'builtin';
  /** The built-in CA's directory; the provider simulators' CAs go under `<caDir>/providers/`. */
  caDir: string;
  /** JSON fault file the CA adapters re-read on each request (ca-faults.ts); need not exist yet. */
  caFaultFile?: string;
  /** Faults from the command line (`--ca-fault`). */
  caFaults?: CaFaults;
  /** Provider simulators' latency: `profile` (default) or `none`. */
  caLatency?: 'profile' | 'none';
  /** The CA adapters' retry policy (default: 20 s budget, 8 s per attempt). */
  caRetry?: Partial<RetryPolicy>;
  /** Data dir for the simulated token (SoftHSM2); absent = real token modules. */
  simulateDir?: string;
  /** The issuance journal's directory (owner-only); default `<caDir>/issuance-journal`. */
  journalDir?: string;
}

export interface TokenSlotSetup {
  device: TokenDevice;
  /** The built-in CA (requests naming no provider). */
  ca: CaAdapter;
  cas: CaRegistry;
  /** The first loaded module's path. */
  modulePath: string;
  modules: { id: string; path: string; entries: string[] }[];
  notInstalled: { id: string; candidates: string[] }[];
  tokenStore?: string;
  close: () => Promise<void>;
}

export async function readSoPin(file: string): Promise<string> {
  try {
    const pin = (await readFile(file, 'utf8')).split(/\r?\n/)[0]!.trim();
    if (!pin) throw new Error('empty');
    return pin;
  } catch (cause) {
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { cause, message: 'The SO PIN file could not be read' });
  }
}

export async function openTokenSlot(options: OpenTokenSlotOptions): Promise<TokenSlotSetup> {
  const { createPkcs11Client } = await import('../token/pkcs11-client.ts');
  const { createMultiModuleClient } = await import('../token/multi-module-client.ts');
  const { planModules, readTokenConfig } = await import('../token/token-config.ts');
  const { openCaRegistry } = await import('../ca/ca-registry.ts');
  const { faultSource } = await import('../ca/ca-faults.ts');
  if (!options.soPinFile && !options.secretsDir)
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', { message: 'A token slot needs an SO PIN file or a secrets directory' });
  const soPinFile = options.soPinFile ? resolve(options.soPinFile) : undefined;
  // Fail at start, not at the first citizen: the secret must be readable now.
  if (soPinFile) await readSoPin(soPinFile);
  const config = await readTokenConfig(options.configPath);

  const store = options.simulateDir ? await prepareSimulatedTokenStore(join(resolve(options.simulateDir), options.stationId)) : undefined;
  const explicitPath = options.modulePath ?? (store ? SOFTHSM_MODULE_PATH : undefined);
  const plan = explicitPath
    ? {
        modules: [
          {
            id: config.tokens.find((e) => e.module.includes(explicitPath))?.id ?? 'cli',
            path: explicitPath,
            entries: config.tokens.filter((e) => e.module.includes(explicitPath)),
            deadlineMs: 15_000,
            keygenDeadlineMs: 120_000,
          },
        ],
        notInstalled: [],
      }
    : planModules(config);
  if (plan.modules.length === 0)
    throw new DangkyError('DK_ERR_TOKEN_MODULE_LOAD', {
      message: 'No configured PKCS#11 module is installed here',
      detail: { notInstalled: plan.notInstalled.map((m) => m.id) },
    });
  for (const m of plan.modules) for (const e of m.entries) m.keygenDeadlineMs = Math.max(m.keygenDeadlineMs, e.keygenDeadlineMs ?? 0);
  const moduleClients: ModuleClient[] = plan.modules.map((m) => ({
    id: m.id,
    path: m.path,
    entries: m.entries,
    client: createPkcs11Client({
      modulePath: m.path,
      deadlineMs: m.deadlineMs,
      keygenDeadlineMs: m.keygenDeadlineMs,
      ...(store ? { env: store.env } : {}),
    }),
  }));
  const client = createMultiModuleClient(moduleClients);

  const faults =
    options.caFaultFile || options.caFaults
      ? faultSource({
          ...(options.caFaultFile ? { file: resolve(options.caFaultFile) } : {}),
          ...(options.caFaults ? { fixed: options.caFaults } : {}),
        })
      : undefined;
  let cas: CaRegistry;
  try {
    cas = await openCaRegistry({
      caDir: resolve(options.caDir),
      ...(faults ? { faults } : {}),
      ...(options.caLatency ? { latency: options.caLatency } : {}),
      ...(options.caRetry ? { retry: options.caRetry } : {}),
    });
  } catch (error) {
    await client.close();
    throw error;
  }
  try {
    if (store && soPinFile) await stockBlankToken(client, await readSoPin(soPinFile));
  } catch (error) {
    await Promise.all([client.close(), cas.close()]);
    throw error;
  }

  /** Whether the site has an SO PIN for this token's model (the same rule soPinFor applies). */
  const knownModel = (token: TokenSlot): boolean => {
    const entry = client.entryFor(token);
    return Boolean((entry && options.secretsDir) || (soPinFile && (entry || options.modulePath || store)));
  };
  const soPinFor = async (token: TokenSlot): Promise<string> => {
    const entry: TokenModuleEntry | undefined = client.entryFor(token);
    if (entry && options.secretsDir) return readSoPin(join(resolve(options.secretsDir), entry.soPinSecret));
    // One SO PIN for the stock: known models, and whatever the technician's own module lists.
    if (soPinFile && (entry || options.modulePath || store)) return readSoPin(soPinFile);
    throw new DangkyError('DK_ERR_TOKEN_MODEL_UNKNOWN', { detail: { manufacturer: token.manufacturer, model: token.model } });
  };

  const { openIssuanceJournal } = await import('../token/issuance-journal.ts');
  let journal;
  try {
    journal = await openIssuanceJournal(resolve(options.journalDir ?? join(options.caDir, 'issuance-journal')));
  } catch (error) {
    await Promise.all([client.close(), cas.close()]);
    throw error;
  }
  const slotDevice = createTokenDevice({
    journal,
    client,
    ca: cas.builtin,
    caFor: (id) => (id === undefined ? cas.builtin : cas.caFor(id)),
    readSoPin: soPinFor,
    problemOf: (slot) => (knownModel(slot) ? null : 'DK_ERR_TOKEN_MODEL_UNKNOWN'),
    simulated: Boolean(store),
    initialisedOnly: Boolean(store),
    ...(store ? { simulation: { controlFile: store.control } } : {}),
  });
  // A key type the provider's CA does not certify is refused before the token is touched (not after key generation, at certify).
  const device: TokenDevice = {
    ...slotDevice,
    issue: async (params, signal) => {
      const accepted = params.providerId === undefined ? undefined : cas.keyTypesOf(params.providerId);
      if (accepted && !accepted.includes(params.keyType))
        return { issued: false, code: 'DK_ERR_CA_REQUEST_INVALID', step: null, wiped: null, certificateRevoked: null };
      return slotDevice.issue(params, signal);
    },
  };
  return {
    device,
    ca: cas.builtin,
    cas,
    modulePath: plan.modules[0]!.path,
    modules: plan.modules.map((m) => ({ id: m.id, path: m.path, entries: m.entries.map((e) => e.id) })),
    notInstalled: plan.notInstalled,
    ...(store ? { tokenStore: store.conf } : {}),
    close: async () => {
      await device.close();
      await Promise.all([client.close(), cas.close()]);
    },
  };
}
