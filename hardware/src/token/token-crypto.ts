import { webcrypto } from 'node:crypto';
import type { Pkcs11Client } from './pkcs11-client.ts';
import type { TokenSelector } from '@dangky/pkcs11/module';
import type { KeyType } from './pkcs11-ops.ts';

/**
 * A WebCrypto `Crypto` whose `subtle.sign` goes to a key on a PKCS#11 token, so @peculiar/x509
 * can sign a PKCS#10 request, a certificate or a CRL with a key that never leaves the token.
 * Everything else (public-key import/export, digests, verification) is Node's WebCrypto. The
 * private key handed to x509 is a stand-in carrying only the algorithm: it holds no key bytes.
 */

export interface TokenKeyRef {
  client: Pkcs11Client;
  token: TokenSelector;
  /** The user PIN of the token; kept in this closure only for the signatures it makes. */
  pin: string;
  /** CKA_ID of the key pair, hex. */
  id: string;
  keyType: KeyType;
}

export interface TokenSigner {
  crypto: webcrypto.Crypto;
  keys: webcrypto.CryptoKeyPair;
  signingAlgorithm: webcrypto.RsaHashedImportParams | webcrypto.EcdsaParams;
}

export const webAlgorithmOf = (keyType: KeyType) =>
  keyType === 'rsa2048' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function tokenSigner(ref: TokenKeyRef, spki: Uint8Array): Promise<TokenSigner> {
  const algorithm = webAlgorithmOf(ref.keyType);
  const publicKey = await webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
  const privateKey = {
    algorithm: publicKey.algorithm,
    type: 'private',
    extractable: false,
    usages: ['sign'],
  } as unknown as webcrypto.CryptoKey;
  const subtle = webcrypto.subtle;
  const tokenSubtle = new Proxy(subtle, {
    get(target, property) {
      if (property === 'sign') {
        return async (alg: unknown, key: webcrypto.CryptoKey, data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> => {
          if (key !== privateKey) return target.sign(alg as webcrypto.AlgorithmIdentifier, key, data as Uint8Array);
          const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
          const { signature } = await ref.client.call('sign', {
            token: ref.token,
            pin: ref.pin,
            keyType: ref.keyType,
            id: ref.id,
            data: bytes,
          });
          return signature.slice().buffer;
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const crypto = {
    subtle: tokenSubtle,
    getRandomValues: webcrypto.getRandomValues.bind(webcrypto),
    randomUUID: webcrypto.randomUUID.bind(webcrypto),
  } as unknown as webcrypto.Crypto;
  return { crypto, keys: { publicKey, privateKey }, signingAlgorithm: { name: algorithm.name, hash: 'SHA-256' } as webcrypto.EcdsaParams };
}
