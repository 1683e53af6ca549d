import { randomBytes } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import { DangkyError } from '@dangky/core/errors';
import { Pkcs11Module, type Pkcs11Session } from '@dangky/pkcs11/module';
import { citizenLookupMessage, dataKeyAad, IV, TAG } from './envelope.ts';
import type { ServerKeys } from './server-keys.ts';

/**
 * The server's keys held in a PKCS#11 token (an HSM in production, SoftHSM2 in the tests),
 * through the PKCS#11 wrapper the hardware agent uses (`@dangky/pkcs11`). The token holds two
 * secret keys that cannot be read out (CKA_SENSITIVE, not CKA_EXTRACTABLE): an AES-256 key that
 * wraps and unwraps registrations' data keys with AES-GCM bound to the registration (the same
 * layout and associated data as a key file's KEK, so the rest of the server cannot tell them
 * apart), and a generic secret that computes the HMAC-SHA-256 an ID number is looked up by. A
 * copy of the machine's disks and of the database together still opens nothing without the token
 * and its PIN.
 *
 * One session, logged in at start, serves the server's whole life (the calls are synchronous and
 * Node runs one at a time, so it is never shared by two operations at once); a session the token
 * dropped (unplugged, restarted) is opened again once, then the failure is the caller's. The PIN
 * is used for C_Login and kept only in the closure that logs in again; errors carry the CKR name,
 * never the PIN.
 */
export interface TokenKeyConfig {
  /** The vendor's PKCS#11 module (.so). */
  modulePath: string;
  /** The token's label or serial. */
  token: string;
  /** The user PIN. */
  pin: string;
  /** CKA_LABEL of the AES key that wraps data keys (also the KEK's id, prefixed `pkcs11:`). */
  kekLabel: string;
  /** CKA_LABEL of the HMAC key of ID numbers. */
  lookupLabel: string;
}

export const DEFAULT_TOKEN_LABELS = { kekLabel: 'dangky-kek', lookupLabel: 'dangky-lookup' } as const;

const { CKO_SECRET_KEY, CKA_CLASS, CKA_LABEL, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN } = pkcs11js;

/** A failure named by its CKR code (pkcs11js puts it first in the message) or our own words, never a secret. */
const tokenError = (reason: string, cause?: unknown): DangkyError =>
  new DangkyError('DK_ERR_SERVER_KEY_TOKEN', {
    detail: { reason: cause instanceof Error ? `${reason}: ${ckrName(cause) ?? cause.message.split('\n')[0]}` : reason },
  });
const ckrName = (error: Error): string | undefined => /CKR_[A-Z_]+/.exec(error.message)?.[0];

/** A token dropped the session (or its login): worth one new session before giving up. */
const SESSION_LOST = new Set([
  'CKR_SESSION_HANDLE_INVALID',
  'CKR_SESSION_CLOSED',
  'CKR_USER_NOT_LOGGED_IN',
  'CKR_DEVICE_REMOVED',
  'CKR_TOKEN_NOT_PRESENT',
]);

const secretKeyTemplate = (label: string, use: 'wrap' | 'hmac'): pkcs11js.Template => [
  { type: CKA_CLASS, value: CKO_SECRET_KEY },
  { type: pkcs11js.CKA_KEY_TYPE, value: use === 'wrap' ? pkcs11js.CKK_AES : pkcs11js.CKK_GENERIC_SECRET },
  { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
  { type: pkcs11js.CKA_TOKEN, value: true },
  { type: pkcs11js.CKA_PRIVATE, value: true },
  { type: CKA_SENSITIVE, value: true },
  { type: CKA_EXTRACTABLE, value: false },
  { type: CKA_LABEL, value: label },
  ...(use === 'wrap'
    ? [
        { type: CKA_ENCRYPT, value: true },
        { type: CKA_DECRYPT, value: true },
      ]
    : [{ type: CKA_SIGN, value: true }]),
];

function openSession(config: TokenKeyConfig, module: Pkcs11Module, write = false): Pkcs11Session {
  let slot;
  try {
    slot = module.slot({ labelOrSerial: config.token });
  } catch (cause) {
    throw tokenError(`no single token labelled ${JSON.stringify(config.token)}`, cause);
  }
  try {
    return slot.openSession({ write, login: { user: 'user', pin: config.pin } });
  } catch (cause) {
    throw tokenError('login to the token failed', cause);
  }
}

function openModule(modulePath: string): Pkcs11Module {
  try {
    return Pkcs11Module.open(modulePath);
  } catch (cause) {
    throw tokenError(`the PKCS#11 module ${modulePath} did not load`, cause);
  }
}

/** The one secret key with this label, checked to be usable for `use` and impossible to read out. */
function findKey(session: Pkcs11Session, label: string, use: 'wrap' | 'hmac'): Buffer {
  const found = session.find([
    { type: CKA_CLASS, value: CKO_SECRET_KEY },
    { type: CKA_LABEL, value: label },
  ]);
  if (found.length !== 1) throw tokenError(`${found.length} secret keys labelled ${JSON.stringify(label)} on the token, not one`);
  const flag = (a: pkcs11js.Attribute) => (a.value as Buffer)[0] === 1;
  const usage = use === 'wrap' ? [CKA_ENCRYPT, CKA_DECRYPT] : [CKA_SIGN];
  const [sensitive, extractable, ...allowed] = session.attributes(found[0]!, [CKA_SENSITIVE, CKA_EXTRACTABLE, ...usage]).map(flag);
  if (!sensitive || extractable)
    throw tokenError(`the key ${JSON.stringify(label)} can be read out of the token (sensitive, not extractable)`);
  if (!allowed.every(Boolean))
    throw tokenError(`the key ${JSON.stringify(label)} is not allowed to ${use === 'wrap' ? 'encrypt and decrypt' : 'sign'}`);
  return found[0]!;
}

function gcm(iv: Buffer, registrationId: string): pkcs11js.Mechanism {
  const parameter: pkcs11js.AesGCM = {
    type: pkcs11js.CK_PARAMS_AES_GCM,
    iv,
    aad: dataKeyAad(registrationId),
    ivBits: IV * 8,
    tagBits: TAG * 8,
  };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

/** The token's keys, checked and ready; `close()` logs out and finalises the module. */
export function openTokenKeys(config: TokenKeyConfig): ServerKeys {
  const module = openModule(config.modulePath);
  let session: Pkcs11Session;
  let kek: Buffer;
  let lookup: Buffer;
  const connect = () => {
    session = openSession(config, module);
    try {
      kek = findKey(session, config.kekLabel, 'wrap');
      lookup = findKey(session, config.lookupLabel, 'hmac');
    } catch (error) {
      session.close();
      throw error;
    }
  };
  try {
    connect();
  } catch (error) {
    module.close();
    throw error;
  }
  /** One call on the token, again on a new session if the token had dropped this one. */
  const onToken = <T>(work: (lib: pkcs11js.PKCS11, handle: Buffer) => T): T => {
    try {
      return work(session.lib, session.handle);
    } catch (error) {
      if (!(error instanceof Error) || !SESSION_LOST.has(ckrName(error) ?? '')) throw error;
      try {
        session.close();
      } catch {
        // The old session is gone already; the new one is what matters.
      }
      connect();
      return work(session.lib, session.handle);
    }
  };
  return {
    kekId: `pkcs11:${config.kekLabel}`,
    wrapDataKey(registrationId, dataKey) {
      const iv = randomBytes(IV);
      const sealed = onToken((lib, handle) => {
        lib.C_EncryptInit(handle, gcm(iv, registrationId), kek);
        return lib.C_Encrypt(handle, dataKey, Buffer.alloc(dataKey.length + TAG));
      });
      return Buffer.concat([iv, sealed]).toString('base64url');
    },
    unwrapDataKey(registrationId, wrapped) {
      const bytes = Buffer.from(wrapped, 'base64url');
      if (bytes.length <= IV + TAG) throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { registrationId } });
      try {
        return onToken((lib, handle) => {
          lib.C_DecryptInit(handle, gcm(bytes.subarray(0, IV), registrationId), kek);
          return Buffer.from(lib.C_Decrypt(handle, bytes.subarray(IV), Buffer.alloc(bytes.length - IV)));
        });
      } catch (cause) {
        // A tag that does not verify: wrapped for another registration, by another KEK, or damaged.
        throw new DangkyError('DK_ERR_STORED_ROW_INVALID', { detail: { registrationId, reason: ckrName(cause as Error) } });
      }
    },
    citizenHash(idNumber) {
      return onToken((lib, handle) => {
        lib.C_SignInit(handle, { mechanism: pkcs11js.CKM_SHA256_HMAC }, lookup);
        return lib.C_Sign(handle, citizenLookupMessage(idNumber), Buffer.alloc(32)).toString('hex');
      });
    },
    close() {
      try {
        session.close();
      } finally {
        module.close();
      }
    },
  };
}

/**
 * Makes the two keys on the token, once (`dangky-server keys init-token`): generated inside it, so
 * their value never exists outside. Refuses when a key with either label is there already —
 * a second KEK under the same label would leave the server unable to tell which one to use.
 *
 * `lookupKey`: the look-up key is imported instead of generated (moving a key file's database to
 * the token, `rekey-to-token.ts`): the keyed hashes already stored — those of erased
 * registrations too, whose ID numbers nobody can read again — must keep finding their citizen.
 * It is imported as sensitive and not extractable, so from then on it cannot be read out either.
 */
export function createTokenKeys(config: TokenKeyConfig, { lookupKey }: { lookupKey?: Buffer } = {}): { kekId: string } {
  const module = openModule(config.modulePath);
  try {
    const session = openSession(config, module, true);
    try {
      for (const label of [config.kekLabel, config.lookupLabel])
        if (session.find([{ type: CKA_LABEL, value: label }]).length > 0)
          throw tokenError(`the token already holds a key labelled ${JSON.stringify(label)}`);
      try {
        session.lib.C_GenerateKey(session.handle, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, secretKeyTemplate(config.kekLabel, 'wrap'));
        const lookup = secretKeyTemplate(config.lookupLabel, 'hmac');
        if (lookupKey)
          session.lib.C_CreateObject(session.handle, [
            // The length is the value's own when a key is created from it (PKCS#11 forbids giving both).
            ...lookup.filter((a) => a.type !== pkcs11js.CKA_VALUE_LEN),
            { type: pkcs11js.CKA_VALUE, value: lookupKey },
          ]);
        else session.lib.C_GenerateKey(session.handle, { mechanism: pkcs11js.CKM_GENERIC_SECRET_KEY_GEN }, lookup);
      } catch (cause) {
        throw tokenError('the token did not make the keys', cause);
      }
    } finally {
      session.close();
    }
  } finally {
    module.close();
  }
  return { kekId: `pkcs11:${config.kekLabel}` };
}
