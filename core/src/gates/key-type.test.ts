import { describe, expect, it } from 'vitest';
import { keyTypeRefusal, offeredKeyTypes, type ProviderKeyTypes } from './key-type.ts';
import type { Channel, KeyType } from '../schemas/service.ts';

const vnpt: ProviderKeyTypes = { keyTypes: { remote: ['rsa2048'], token: ['p256', 'rsa2048'] } };
const remoteOnly: ProviderKeyTypes = { keyTypes: { remote: ['p256'] } };

describe('offeredKeyTypes: the catalogue’s list, in its order (the first is the default)', () => {
  it.each<[string, ProviderKeyTypes | undefined, Channel, KeyType[]]>([
    ['token keys of a provider listing two', vnpt, 'token', ['p256', 'rsa2048']],
    ['remote keys', vnpt, 'remote', ['rsa2048']],
    ['a channel the provider does not offer', remoteOnly, 'token', []],
    ['a provider without key types', {}, 'token', []],
    ['an unknown provider', undefined, 'token', []],
  ])('%s', (_, provider, channel, expected) => {
    expect(offeredKeyTypes(provider, channel)).toEqual(expected);
  });
});

describe('keyTypeRefusal: a key the provider’s CA certifies for that channel, or a refusal', () => {
  it.each<[string, ProviderKeyTypes | undefined, Channel, KeyType, string | null]>([
    ['listed first', vnpt, 'token', 'p256', null],
    ['listed second', vnpt, 'token', 'rsa2048', null],
    ['listed for the other channel only', vnpt, 'remote', 'p256', 'DK_ERR_KEY_TYPE_NOT_CERTIFIED'],
    ['a channel the provider does not offer', remoteOnly, 'token', 'p256', 'DK_ERR_KEY_TYPE_NOT_CERTIFIED'],
    ['an unknown provider', undefined, 'token', 'rsa2048', 'DK_ERR_KEY_TYPE_NOT_CERTIFIED'],
  ])('%s → %s', (_, provider, channel, keyType, code) => {
    expect(keyTypeRefusal(provider, channel, keyType)).toBe(code);
  });
});
