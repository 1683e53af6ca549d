import { holdingOf, programmeIssuance, type Holding } from '@dangky/core/gates';
import { readHoldings } from '../../citizens/read-holdings.ts';
import { readProviders } from '../../admin/providers.ts';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * One free certificate per citizen and programme, under the provider's terms (core's
 * `programmeIssuance`): a `token.issued` or `remote.activated` for a citizen who already holds an
 * active free certificate (at any site, from the holdings projection) is refused, unless that one
 * was revoked or the provider's programme does not limit it (`oneFreePerCitizen` off). Earlier
 * events of the same batch count: two issuances for one citizen in one push are one too many.
 */
export const oneFreeCertificate: PrepareGate = async (tx, { events, stored, rules, keys }) => {
  // The citizens the batch issues to — as stored, or as a correction earlier in the batch made them.
  const idNumbers = events.flatMap((e) => {
    if (e.type === 'registration.corrected') return e.payload.changes.idNumber ? [e.payload.changes.idNumber] : [];
    const state = stored.get(e.payload.registrationId);
    return state && (e.type === 'token.issued' || e.type === 'remote.activated') ? [state.draft.identity.idNumber] : [];
  });
  const holdings = await readHoldings(tx, keys, idNumbers);
  const terms = idNumbers.length > 0 ? new Map((await readProviders(tx, 'true', [])).map((p) => [p.id, p])) : new Map();
  return {
    check(event, state) {
      if (!state || (event.type !== 'token.issued' && event.type !== 'remote.activated')) return null;
      const service = state.draft.service;
      const decision = programmeIssuance({
        service,
        terms: service.kind === 'digital-signature' ? terms.get(service.providerId) : undefined,
        registrationId: state.registrationId,
        holdings: holdings.get(state.draft.identity.idNumber) ?? [],
        at: event.occurredAt,
        rules,
      });
      return decision.ok ? null : refuse(decision.code);
    },
    accepted(_event, after) {
      const held = holdingOf(after);
      const list = holdings.get(after.draft.identity.idNumber);
      if (!held || !list) return;
      const replaced: Holding[] = list.filter((h) => h.registrationId !== held.registrationId);
      holdings.set(after.draft.identity.idNumber, [...replaced, held]);
    },
  };
};
