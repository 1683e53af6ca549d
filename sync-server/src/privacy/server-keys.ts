import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DangkyError } from '@dangky/core/errors';
import { citizenLookupHash, unwrapDataKey, wrapDataKey } from './envelope.ts';

/**
 * The server's keys for citizens' personal data, kept outside the database: the key-encryption
 * key (KEK) that wraps every registration's data key, and the look-up key that turns an ID number
 * into a keyed hash (citizen look-ups and token care never store or search the raw number). For
 * `npm start` and the demo they live in one JSON file only the server's account may read (mode
 * 600, owned by it); a production deployment holds both in a PKCS#11 token instead, where they
 * cannot be read out (`token-keys.ts`). A copy of the database without them opens nothing.
 *
 * The rest of the server sees only what the keys do, never their bytes, so the two places are
 * interchangeable: the calls are synchronous because a token's wrap, unwrap and HMAC take tens of
 * microseconds (measured in the sync-ingest bench).
 */
export interface ServerKeys {
  /** Names the KEK in `registration_keys.kek_id`: a data key is unwrapped only by the KEK that wrapped it. */
  readonly kekId: string;
  /** A registration's data key wrapped (AES-256-GCM, bound to the registration's id): `base64url(iv | ciphertext | tag)`. */
  wrapDataKey(registrationId: string, dataKey: Buffer): string;
  /** The data key back; DK_ERR_STORED_ROW_INVALID when it was wrapped for another registration or by another KEK. */
  unwrapDataKey(registrationId: string, wrapped: string): Buffer;
  /** The keyed hash an ID number is looked up by (HMAC-SHA-256, hex). */
  citizenHash(idNumber: string): string;
  /** Lets go of the token (nothing to do for a key file). */
  close(): void;
}

/** What a look-up needs of the keys: the keyed hash of an ID number. */
export type CitizenLookup = Pick<ServerKeys, 'citizenHash'>;

const b64key = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/)
  .transform((s) => Buffer.from(s, 'base64url'));
export const serverKeyFile = z
  .object({ v: z.literal(1), kekId: z.string().regex(/^[a-z0-9-]{1,40}$/), kek: b64key, lookupKey: b64key })
  .strict();
export type KeyFile = z.infer<typeof serverKeyFile>;

/** The keys of a key file (or of this process), doing their work in this process. */
export function keysInMemory({ kekId, kek, lookupKey }: Pick<KeyFile, 'kekId' | 'kek' | 'lookupKey'>): ServerKeys {
  return {
    kekId,
    wrapDataKey: (registrationId, dataKey) => wrapDataKey(kek, registrationId, dataKey),
    unwrapDataKey: (registrationId, wrapped) => unwrapDataKey(kek, registrationId, wrapped),
    citizenHash: (idNumber) => citizenLookupHash(lookupKey, idNumber),
    close: () => undefined,
  };
}

/** The key file's contents, refused (DK_ERR_SERVER_KEY_UNSAFE) when others than the server's account may read it or it is not ours. */
export async function readServerKeyFile(path: string): Promise<KeyFile> {
  let text: string;
  try {
    const info = await stat(path);
    const unsafe = (info.mode & 0o077) !== 0 || (typeof process.getuid === 'function' && info.uid !== process.getuid());
    if (unsafe) throw new Error(`mode ${(info.mode & 0o777).toString(8)}`);
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new DangkyError('DK_ERR_SERVER_KEY_UNSAFE', { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DangkyError('DK_ERR_SERVER_KEY_UNSAFE', { cause });
  }
  const parsed = serverKeyFile.safeParse(json);
  if (!parsed.success) throw new DangkyError('DK_ERR_SERVER_KEY_UNSAFE', { cause: parsed.error });
  return parsed.data;
}

export async function loadServerKeys(path: string): Promise<ServerKeys> {
  return keysInMemory(await readServerKeyFile(path));
}

/**
 * A new key file (refuses to overwrite one: its loss would make every registration unreadable).
 * Written under a temporary name and linked into place, so a replica starting at the same moment
 * sees either no file or the whole of it.
 */
export async function createServerKeyFile(path: string, kekId = `kek-${new Date().toISOString().slice(0, 10)}`): Promise<void> {
  const key = () => randomBytes(32).toString('base64url');
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(temp, `${JSON.stringify({ v: 1, kekId, kek: key(), lookupKey: key() })}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, path);
  } finally {
    await unlink(temp);
  }
}

/** The key file at `path`, made on first start (`npm start`, a new cluster), then always read back. */
export async function ensureServerKeys(path: string): Promise<ServerKeys> {
  await mkdir(dirname(path), { recursive: true });
  await createServerKeyFile(path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return loadServerKeys(path);
}

let perProcess: ServerKeys | undefined;
/** Keys made once for this process: what every app built without a key file uses (tests), so they read each other's rows. */
export function processServerKeys(): ServerKeys {
  const key = () => randomBytes(32);
  return (perProcess ??= keysInMemory({ kekId: 'kek-process', kek: key(), lookupKey: key() }));
}
