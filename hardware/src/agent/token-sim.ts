import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Pkcs11Client } from '../token/pkcs11-client.ts';

/**
 * The demo's "USB token": a file-backed SoftHSM2 store under the agent's data dir, with its own
 * SOFTHSM2_CONF. `stockBlankToken` makes sure one blank token is in it — initialised with the
 * site's SO PIN and no citizen PIN, like a token from the provider's stock — by initialising
 * SoftHSM's spare slot when none is left (an earlier demo issued the last one).
 */

export const DEMO_TOKEN_LABEL = 'DEMO-TOKEN';

/** Creates `<dir>/softhsm2.conf` and `<dir>/tokens/`; returns the environment the PKCS#11 worker needs. */
export async function prepareSimulatedTokenStore(dir: string): Promise<{ conf: string; env: NodeJS.ProcessEnv }> {
  await mkdir(join(dir, 'tokens'), { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  if (!existsSync(conf)) await writeFile(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  return { conf, env: { ...process.env, SOFTHSM2_CONF: conf } };
}

/** Initialises the spare slot as a blank stock token unless a blank initialised one is already there. */
export async function stockBlankToken(client: Pkcs11Client, soPin: string): Promise<void> {
  const tokens = await client.call('listTokens', {});
  if (tokens.some((t) => t.flags.initialized && !t.flags.userPinInitialized)) return;
  const spare = tokens.find((t) => !t.flags.initialized);
  if (!spare) return;
  const issued = tokens.filter((t) => t.flags.initialized).length;
  await client.call('initToken', { token: { slotId: spare.slotId }, soPin, label: issued === 0 ? DEMO_TOKEN_LABEL : `${DEMO_TOKEN_LABEL}-${issued + 1}` });
}
