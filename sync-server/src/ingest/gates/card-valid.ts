import { cardValidity, evidenceOf } from '@dangky/core/gates';
import { hcmDay } from '@dangky/core/time';
import { refuse, type PrepareGate } from './gate.ts';

/** No signature on an expired card: the registration's expiry date, or what the counter's chip read found. */
export const cardValid: PrepareGate = async () => ({
  check(event, state) {
    if (!state || (event.type !== 'token.issued' && event.type !== 'remote.activated')) return null;
    const chip = evidenceOf(state).chip;
    const decision = cardValidity({
      expiryDate: state.draft.identity.expiryDate ?? null,
      chipExpiry: chip?.origin === 'counter' ? (chip.cardExpiry ?? null) : null,
      day: hcmDay(event.occurredAt),
    });
    return decision.ok ? null : refuse(decision.code);
  },
});
