import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertKekOfDatabase, keySourceFromEnv, serverKeyFilePath } from '../privacy/open-server-keys.ts';
import { rekeyToToken } from '../privacy/rekey-to-token.ts';
import { keysInMemory, readServerKeyFile } from '../privacy/server-keys.ts';
import { createTokenKeys, openTokenKeys, type TokenKeyConfig } from '../privacy/token-keys.ts';
import type { CliGroup, CliIo } from './main.ts';
import { openCliDb } from './open-cli-db.ts';

/**
 * The server's keys in a PKCS#11 token, set up once before the first start: the token's own tool
 * (or `softhsm2-util`) initialises it and sets the user PIN; `init-token` makes the two keys
 * inside it — so their value never exists outside the token — and `check-token` opens them as the
 * server will. A database that began on a key file moves to a token with `move-to-token`
 * (`rekey-to-token.ts`). All read the server's settings (KEK_PKCS11_MODULE, KEK_PKCS11_TOKEN, the
 * PIN from KEK_PKCS11_PIN_FILE or KEK_PKCS11_PIN, the labels; SERVER_KEY_FILE, DATA_DIR or
 * DATABASE_URL for the move), and print nothing secret.
 */
const usage = `usage:
  dangky-server keys init-token     make the key-encryption key and the look-up key inside the token
                                    named by KEK_PKCS11_MODULE and KEK_PKCS11_TOKEN (refused when
                                    keys with those labels exist)
  dangky-server keys check-token    open the token's keys as the server does, and say which KEK it is
  dangky-server keys move-to-token  with every server stopped: carry the key file's (SERVER_KEY_FILE)
                                    look-up key into the token, make the token's KEK there, and
                                    re-wrap every data key of the database by it; run again after
                                    an interruption`;

export const run: CliGroup = async ([command], io) => {
  if (command !== 'init-token' && command !== 'check-token' && command !== 'move-to-token') {
    io.err(usage);
    return 2;
  }
  const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
  const dataDir = resolve(io.env.DATA_DIR ?? `${repoRoot}/.data`);
  const source = await keySourceFromEnv(io.env, dataDir);
  if (source.kind !== 'pkcs11') {
    io.err(`KEK_PKCS11_MODULE is not set: this server's keys are in the key file ${source.path}\n${usage}`);
    return 2;
  }
  if (command === 'move-to-token') return moveToToken(source.token, serverKeyFilePath(io.env, dataDir), io);
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

async function moveToToken(token: TokenKeyConfig, keyFile: string, io: CliIo): Promise<number> {
  const file = await readServerKeyFile(keyFile);
  // A run after an interruption finds the keys made: the move checks the look-up key is the file's.
  let keys;
  try {
    keys = openTokenKeys(token);
  } catch {
    createTokenKeys(token, { lookupKey: file.lookupKey });
    keys = openTokenKeys(token);
  }
  const db = await openCliDb(io);
  try {
    const { rewrapped } = await rekeyToToken(db, keysInMemory(file), keys);
    await assertKekOfDatabase(db, keys.kekId);
    io.out(
      `${rewrapped} data keys re-wrapped by ${keys.kekId} on the token ${token.token}; the look-up key is the key file's, now inside the token.\n` +
        `Start the servers with KEK_PKCS11_* set. Keep ${keyFile} offline until a backup taken after this move has been restored and checked, then destroy it; keep the erasure ledger.`,
    );
    return 0;
  } finally {
    await db.close();
    keys.close();
  }
}
