import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { DangkyError } from '@dangky/core/errors';
import type { Queryable } from '../db/db.ts';
import { ensureServerKeys, loadServerKeys, type ServerKeys } from './server-keys.ts';
import { DEFAULT_TOKEN_LABELS, openTokenKeys, type TokenKeyConfig } from './token-keys.ts';
import { withUnwrappedKeyCache } from './unwrapped-key-cache.ts';

/**
 * Where the server's keys come from, read from its environment: a PKCS#11 token when
 * KEK_PKCS11_MODULE is set (production), else the key file SERVER_KEY_FILE (default
 * DATA_DIR/server-keys.json, made on first start — `npm start`). The token's PIN comes from an
 * owner-only file (KEK_PKCS11_PIN_FILE) or the environment (KEK_PKCS11_PIN, which main.ts then
 * removes from its own environment); it is never logged or put in an error.
 *
 * A database keeps the id of the KEK that wrapped each data key; a server given another KEK
 * refuses to start instead of failing on every registration it reads (`assertKekOfDatabase`).
 */
export type KeySource = { kind: 'file'; path: string } | { kind: 'pkcs11'; token: TokenKeyConfig };

type Env = Record<string, string | undefined>;

const refuse = (reason: string) => new DangkyError('DK_ERR_SERVER_KEY_TOKEN', { detail: { reason } });

async function readPin(env: Env): Promise<string> {
  const file = env.KEK_PKCS11_PIN_FILE;
  if (file) {
    let text: string;
    try {
      const info = await stat(file);
      if ((info.mode & 0o077) !== 0 || (typeof process.getuid === 'function' && info.uid !== process.getuid())) throw new Error('unsafe');
      text = await readFile(file, 'utf8');
    } catch {
      throw refuse(`KEK_PKCS11_PIN_FILE ${file} is missing or readable by others than the server's account (mode 600)`);
    }
    const pin = text.replace(/\r?\n$/, '');
    if (!pin) throw refuse(`KEK_PKCS11_PIN_FILE ${file} is empty`);
    return pin;
  }
  if (env.KEK_PKCS11_PIN) return env.KEK_PKCS11_PIN;
  throw refuse('KEK_PKCS11_MODULE is set without a PIN (KEK_PKCS11_PIN_FILE or KEK_PKCS11_PIN)');
}

/** SERVER_KEY_FILE, default DATA_DIR/server-keys.json. */
export const serverKeyFilePath = (env: Env, dataDir: string): string => resolve(env.SERVER_KEY_FILE ?? join(dataDir, 'server-keys.json'));

/** ERASURE_LEDGER, default `erasures.log` beside the key file (in DATA_DIR unless SERVER_KEY_FILE moves it; with a token too). */
export const erasureLedgerPath = (env: Env, dataDir: string): string =>
  resolve(env.ERASURE_LEDGER ?? join(dirname(serverKeyFilePath(env, dataDir)), 'erasures.log'));

export async function keySourceFromEnv(env: Env, dataDir: string): Promise<KeySource> {
  const modulePath = env.KEK_PKCS11_MODULE;
  if (!modulePath) return { kind: 'file', path: serverKeyFilePath(env, dataDir) };
  const token = env.KEK_PKCS11_TOKEN;
  if (!token) throw refuse('KEK_PKCS11_MODULE is set without KEK_PKCS11_TOKEN (the label or serial of the token)');
  return {
    kind: 'pkcs11',
    token: {
      modulePath,
      token,
      pin: await readPin(env),
      kekLabel: env.KEK_PKCS11_KEK_LABEL || DEFAULT_TOKEN_LABELS.kekLabel,
      lookupLabel: env.KEK_PKCS11_LOOKUP_LABEL || DEFAULT_TOKEN_LABELS.lookupLabel,
    },
  };
}

/** `create`: a missing key file is made (a first start); otherwise it must be there (a restore). */
export async function openServerKeys(source: KeySource, { create = true } = {}): Promise<ServerKeys> {
  // A token's unwrap is a synchronous PKCS#11 call: recent data keys are kept (`unwrapped-key-cache.ts`).
  if (source.kind === 'pkcs11') return withUnwrappedKeyCache(openTokenKeys(source.token));
  return create ? ensureServerKeys(source.path) : loadServerKeys(source.path);
}

/** Refuses keys that did not wrap this database's data keys (a tombstone keeps no wrapped key, so any KEK may keep it). */
export async function assertKekOfDatabase(db: Queryable, kekId: string): Promise<void> {
  const [other] = await db.query<{ kek_id: string }>(
    'SELECT kek_id FROM registration_keys WHERE wrapped IS NOT NULL AND kek_id <> $1 LIMIT 1',
    [kekId],
  );
  if (other)
    throw new DangkyError('DK_ERR_SERVER_KEY_MISMATCH', {
      detail: { reason: `data keys wrapped by ${other.kek_id}; this server's KEK is ${kekId}` },
    });
}
