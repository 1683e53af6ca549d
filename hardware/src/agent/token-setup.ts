import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import type { CaAdapter } from '../ca/ca-adapter.ts';
import { createTokenDevice, type TokenDevice } from './token-device.ts';
import { prepareSimulatedTokenStore, stockBlankToken } from './token-sim.ts';

/**
 * Wires the token slot for `dangky-hw agent`: the vendor module in a PKCS#11 worker, the CA
 * adapter, and the SO PIN file of the site's secret store (read at each issuance, first line;
 * the file should be 0600 and owned by the agent's user). With `simulateDir` the module is
 * SoftHSM2 over a store under `<simulateDir>/<station>/`, stocked with one blank token.
 */

export const SOFTHSM_MODULE_PATH = process.env.DANGKY_SOFTHSM_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface OpenTokenSlotOptions {
  stationId: string;
  /** The vendor's PKCS#11 module; default SoftHSM2 when simulating. */
  modulePath?: string;
  soPinFile: string;
  /** `builtin` only until provider adapters exist. */
  ca: 'builtin';
  caDir: string;
  /** Data dir for the simulated token (SoftHSM2); absent = a real token module. */
  simulateDir?: string;
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

export async function openTokenSlot(options: OpenTokenSlotOptions): Promise<{ device: TokenDevice; ca: CaAdapter; modulePath: string; tokenStore?: string; close: () => Promise<void> }> {
  const { createPkcs11Client } = await import('../token/pkcs11-client.ts');
  const { openBuiltinCa } = await import('../ca/builtin-ca.ts');
  const soPinFile = resolve(options.soPinFile);
  // Fail at start, not at the first citizen: the secret must be readable now.
  const soPin = await readSoPin(soPinFile);
  const modulePath = options.modulePath ?? SOFTHSM_MODULE_PATH;
  const store = options.simulateDir ? await prepareSimulatedTokenStore(join(resolve(options.simulateDir), options.stationId)) : undefined;
  const client = createPkcs11Client({ modulePath, ...(store ? { env: store.env } : {}) });
  const ca = await openBuiltinCa({ dir: resolve(options.caDir) });
  try {
    if (store) await stockBlankToken(client, soPin);
  } catch (error) {
    await Promise.all([client.close(), ca.close()]);
    throw error;
  }
  const device = createTokenDevice({ client, ca, readSoPin: () => readSoPin(soPinFile), simulated: Boolean(store), initialisedOnly: Boolean(store) });
  return {
    device,
    ca,
    modulePath,
    ...(store ? { tokenStore: store.conf } : {}),
    close: async () => {
      await device.close();
      await Promise.all([client.close(), ca.close()]);
    },
  };
}
