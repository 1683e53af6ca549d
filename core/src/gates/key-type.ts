import type { ErrorCode } from '../errors/registry.ts';
import type { Channel, KeyType } from '../schemas/service.ts';

/**
 * Which key a provider's CA will certify is the provider's word, kept in the catalogue per
 * channel (`keyTypes`): the counter offers those and generates the first by default, and the
 * server refuses an issuance whose key the catalogue does not list — a key the CA would not
 * have certified, or a counter that decided from an old list. Unknown provider or channel: none.
 */
export interface ProviderKeyTypes {
  keyTypes?: Partial<Record<Channel, readonly KeyType[]>> | undefined;
}

export const offeredKeyTypes = (provider: ProviderKeyTypes | undefined, channel: Channel): readonly KeyType[] =>
  provider?.keyTypes?.[channel] ?? [];

/** Null when the catalogue lists `keyType` for the channel; otherwise why not. */
export const keyTypeRefusal = (provider: ProviderKeyTypes | undefined, channel: Channel, keyType: KeyType): ErrorCode | null =>
  offeredKeyTypes(provider, channel).includes(keyType) ? null : 'DK_ERR_KEY_TYPE_NOT_CERTIFIED';
