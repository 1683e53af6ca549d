import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keySourceFromEnv } from '../privacy/open-server-keys.ts';
import { createTokenKeys, openTokenKeys } from '../privacy/token-keys.ts';
import type { CliGroup } from './main.ts';

/**
 * The server's keys in a PKCS#11 token, set up once before the first start: the token's own tool
 * (or `softhsm2-util`) initialises it and sets the user PIN; `init-token` makes the two keys
 * inside it — so their value never exists outside the token — and `check-token` opens them as the
 * server will. Both read the server's settings (KEK_PKCS11_MODULE, KEK_PKCS11_TOKEN, the PIN from
 * KEK_PKCS11_PIN_FILE or KEK_PKCS11_PIN, the labels), and print nothing secret.
 */
const usage = `usage:
  dangky-server keys init-token     make the key-encryption key and the look-up key inside the token
                                    named by KEK_PKCS11_MODULE and KEK_PKCS11_TOKEN (refused when
                                    keys with those labels exist)
  dangky-server keys check-token    open the token's keys as the server does, and say which KEK it is`;

export const run: CliGroup = async ([command], io) => {
  if (command !== 'init-token' && command !== 'check-token') {
    io.err(usage);
    return 2;
  }
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  const source = await keySourceFromEnv(io.env, resolve(io.env.DATA_DIR ?? `${repoRoot}/.data`));
  if (source.kind !== 'pkcs11') {
    io.err(`KEK_PKCS11_MODULE is not set: this server's keys are in the key file ${source.path}\n${usage}`);
    return 2;
  }
  if (command === 'init-token') {
    const { kekId } = createTokenKeys(source.token);
    io.out(`keys made on the token ${source.token.token}: ${kekId} and ${source.token.lookupLabel} (neither can be read out)`);
    return 0;
  }
  const keys = openTokenKeys(source.token);
  keys.close();
  io.out(`the token ${source.token.token} holds the server's keys: ${keys.kekId} and ${source.token.lookupLabel}`);
  return 0;
};
