import { keyTypeRefusal } from '@dangky/core/gates';
import { readProviders } from '../../admin/providers.ts';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * A token's key is one its provider's CA certifies for tokens, as the catalogue lists it now
 * (core's `keyTypeRefusal`); an inactive provider's list still counts for a registration it
 * accepted earlier. A `token.issued` that does not say its key type (older counters) passes.
 */
export const keyTypeCertified: PrepareGate = async (tx, { events }) => {
  if (!events.some((e) => e.type === 'token.issued' && e.payload.keyType)) return { check: () => null };
  const providers = new Map((await readProviders(tx, 'true', [])).map((p) => [p.id, p]));
  return {
    check(event, state) {
      if (event.type !== 'token.issued' || !event.payload.keyType || !state) return null;
      const service = state.draft.service;
      if (service.kind !== 'digital-signature') return null;
      const code = keyTypeRefusal(providers.get(service.providerId), 'token', event.payload.keyType);
      return code ? refuse(code) : null;
    },
  };
};
