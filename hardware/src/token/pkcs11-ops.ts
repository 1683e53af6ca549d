import { createHash, createPublicKey } from 'node:crypto';
import pkcs11js from 'pkcs11js';
import type { Pkcs11Module, Pkcs11Session, TokenSelector, TokenSummary, UserKind } from '@dangky/pkcs11/module';

/**
 * The operations the PKCS#11 worker serves, one session each. This file runs in the worker;
 * the agent side only imports its types (`Pkcs11Ops`) so the request/reply protocol is typed
 * once. PINs arrive in the request and go straight to `C_Login` / `C_InitPIN` / `C_SetPIN`;
 * nothing here logs.
 */

export type KeyType = 'rsa2048' | 'p256';

export interface ObjectSummary {
  class: 'private-key' | 'public-key' | 'certificate' | 'other';
  id: string;
  label: string;
  sensitive?: boolean;
  extractable?: boolean;
  neverExtractable?: boolean;
}

interface WithToken {
  token: TokenSelector;
}
interface WithPin extends WithToken {
  pin: string;
}

export interface Pkcs11Ops {
  listTokens: (params: Record<string, never>) => TokenSummary[];
  /** Erases the token, sets its SO PIN and label; returns the token as it is now. */
  initToken: (params: WithToken & { soPin: string; label: string }) => TokenSummary;
  /** Sets (or, after a block, resets) the user PIN with the SO PIN. */
  initPin: (params: WithToken & { soPin: string; userPin: string }) => null;
  setPin: (params: WithToken & { user: UserKind; oldPin: string; newPin: string }) => null;
  /** Logs in and out again: checks a PIN without doing anything else. */
  login: (params: WithToken & { user: UserKind; pin: string }) => null;
  /** Generates a key pair on the token; returns the public key as SPKI DER. */
  generateKeyPair: (params: WithPin & { keyType: KeyType; id: string; label: string }) => { spki: Uint8Array };
  /** Signs `data` with the private key `id`: SHA-256 with RSA PKCS#1 v1.5, or ECDSA (raw r‖s) over SHA-256 done here. */
  sign: (params: WithPin & { keyType: KeyType; id: string; data: Uint8Array }) => { signature: Uint8Array };
  writeCertificate: (params: WithPin & { id: string; label: string; der: Uint8Array; subject: Uint8Array }) => null;
  listObjects: (params: WithToken & { pin?: string }) => ObjectSummary[];
  /** Destroys every object (or those with `id`); returns how many. */
  destroyObjects: (params: WithPin & { id?: string }) => { destroyed: number };
}

export type Pkcs11Op = keyof Pkcs11Ops;

/** The DER of the OID prime256v1 (1.2.840.10045.3.1.7): CKA_EC_PARAMS for P-256 keys. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

const classNames: Record<number, ObjectSummary['class']> = {
  [pkcs11js.CKO_PRIVATE_KEY]: 'private-key',
  [pkcs11js.CKO_PUBLIC_KEY]: 'public-key',
  [pkcs11js.CKO_CERTIFICATE]: 'certificate',
};

/** The key with this CKA_ID and class, or a CKR-named failure the agent maps to DK_ERR_TOKEN_OBJECT. */
function findOne(session: Pkcs11Session, objectClass: number, id: string): Buffer {
  const [object] = session.find([
    { type: pkcs11js.CKA_CLASS, value: objectClass },
    { type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') },
  ]);
  if (!object) throw Object.assign(new Error('No object with this id'), { ckrName: 'CKR_OBJECT_HANDLE_INVALID' });
  return object;
}

/** The public key as SPKI DER, built by node:crypto from the key's JWK (no hand-made DER). */
function spkiOf(session: Pkcs11Session, publicKey: Buffer, keyType: KeyType): Uint8Array {
  if (keyType === 'rsa2048') {
    const [n, e] = session.attributes(publicKey, [pkcs11js.CKA_MODULUS, pkcs11js.CKA_PUBLIC_EXPONENT]).map((a) => a.value as Buffer);
    return createPublicKey({ key: { kty: 'RSA', n: n!.toString('base64url'), e: e!.toString('base64url') }, format: 'jwk' }).export({
      type: 'spki',
      format: 'der',
    });
  }
  // CKA_EC_POINT is the uncompressed point 04‖x‖y wrapped in an OCTET STRING (04 41 …).
  const [point] = session.attributes(publicKey, [pkcs11js.CKA_EC_POINT]).map((a) => a.value as Buffer);
  const raw = point!.length === 67 && point![0] === 0x04 && point![1] === 0x41 ? point!.subarray(2) : point!;
  if (raw.length !== 65 || raw[0] !== 0x04)
    throw Object.assign(new Error('Unexpected EC point encoding'), { ckrName: 'CKR_PUBLIC_KEY_INVALID' });
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
    format: 'jwk',
  }).export({ type: 'spki', format: 'der' });
}

export function createOps(module: Pkcs11Module): Pkcs11Ops {
  const userLogin = (pin: string) => ({ user: 'user' as const, pin });
  return {
    listTokens: () => module.tokens(),

    initToken: ({ token, soPin, label }) => {
      const slot = module.slot(token);
      slot.initToken(soPin, label);
      // SoftHSM moves a freshly initialised token to a new slot id; the serial is what stays.
      const serial = slot.token.serial;
      const after = module
        .tokens()
        .filter((t) => (serial ? t.serial === serial : t.label === label && t.flags.initialized && !t.flags.userPinInitialized));
      return after[0] ?? slot.token;
    },

    initPin: ({ token, soPin, userPin }) =>
      module.slot(token).withSession({ write: true, login: { user: 'so', pin: soPin } }, (s) => {
        s.lib.C_InitPIN(s.handle, userPin);
        return null;
      }),

    setPin: ({ token, user, oldPin, newPin }) =>
      module.slot(token).withSession({ write: true, login: { user, pin: oldPin } }, (s) => {
        s.lib.C_SetPIN(s.handle, oldPin, newPin);
        return null;
      }),

    login: ({ token, user, pin }) => module.slot(token).withSession({ write: false, login: { user, pin } }, () => null),

    generateKeyPair: ({ token, pin, keyType, id, label }) =>
      module.slot(token).withSession({ write: true, login: userLogin(pin) }, (s) => {
        const common = [
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') },
          { type: pkcs11js.CKA_LABEL, value: label },
        ];
        const publicTemplate = [
          ...common,
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
          { type: pkcs11js.CKA_PRIVATE, value: false },
          { type: pkcs11js.CKA_VERIFY, value: true },
          ...(keyType === 'rsa2048'
            ? [
                { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
                { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
              ]
            : [{ type: pkcs11js.CKA_EC_PARAMS, value: P256_PARAMS }]),
        ];
        const privateTemplate = [
          ...common,
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
          { type: pkcs11js.CKA_PRIVATE, value: true },
          { type: pkcs11js.CKA_SENSITIVE, value: true },
          { type: pkcs11js.CKA_EXTRACTABLE, value: false },
          { type: pkcs11js.CKA_SIGN, value: true },
        ];
        const mechanism = { mechanism: keyType === 'rsa2048' ? pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN : pkcs11js.CKM_EC_KEY_PAIR_GEN };
        const keys = s.lib.C_GenerateKeyPair(s.handle, mechanism, publicTemplate, privateTemplate);
        return { spki: spkiOf(s, keys.publicKey, keyType) };
      }),

    sign: ({ token, pin, keyType, id, data }) =>
      module.slot(token).withSession({ write: false, login: userLogin(pin) }, (s) => {
        const key = findOne(s, pkcs11js.CKO_PRIVATE_KEY, id);
        const rsa = keyType === 'rsa2048';
        s.lib.C_SignInit(s.handle, { mechanism: rsa ? pkcs11js.CKM_SHA256_RSA_PKCS : pkcs11js.CKM_ECDSA }, key);
        const input = rsa ? Buffer.from(data) : createHash('sha256').update(data).digest();
        return { signature: new Uint8Array(s.lib.C_Sign(s.handle, input, Buffer.alloc(rsa ? 512 : 132))) };
      }),

    writeCertificate: ({ token, pin, id, label, der, subject }) =>
      module.slot(token).withSession({ write: true, login: userLogin(pin) }, (s) => {
        s.lib.C_CreateObject(s.handle, [
          { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
          { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
          { type: pkcs11js.CKA_TOKEN, value: true },
          { type: pkcs11js.CKA_PRIVATE, value: false },
          { type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') },
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_SUBJECT, value: Buffer.from(subject) },
          { type: pkcs11js.CKA_VALUE, value: Buffer.from(der) },
        ]);
        return null;
      }),

    listObjects: ({ token, pin }) =>
      module.slot(token).withSession({ write: false, ...(pin ? { login: userLogin(pin) } : {}) }, (s) =>
        s.find([]).map((object) => {
          const [cls, id, label] = s.attributes(object, [pkcs11js.CKA_CLASS, pkcs11js.CKA_ID, pkcs11js.CKA_LABEL]).map((a) => a.value);
          const kind = classNames[(cls as Buffer).readUInt32LE(0)] ?? 'other';
          const summary: ObjectSummary = { class: kind, id: (id as Buffer).toString('hex'), label: (label as Buffer).toString('utf8') };
          if (kind === 'private-key') {
            const [sensitive, extractable, never] = s
              .attributes(object, [pkcs11js.CKA_SENSITIVE, pkcs11js.CKA_EXTRACTABLE, pkcs11js.CKA_NEVER_EXTRACTABLE])
              .map((a) => (a.value as Buffer)[0] === 1);
            Object.assign(summary, { sensitive, extractable, neverExtractable: never });
          }
          return summary;
        }),
      ),

    destroyObjects: ({ token, pin, id }) =>
      module.slot(token).withSession({ write: true, login: userLogin(pin) }, (s) => {
        const objects = s.find(id ? [{ type: pkcs11js.CKA_ID, value: Buffer.from(id, 'hex') }] : []);
        for (const object of objects) s.lib.C_DestroyObject(s.handle, object);
        return { destroyed: objects.length };
      }),
  };
}
