import { eligibility } from '@dangky/core/gates';
import { hcmDay } from '@dangky/core/time';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * Eligibility by age on the Ho Chi Minh day the outcome happened: a signature from the age of
 * full civil capacity, an e-ID level-2 hand-off from the in-person age (core's `eligibility`,
 * with the server's configured ages). The kiosk already told the citizen; a device that did not
 * (old, wrong or tampered with) is refused here.
 */
export const oldEnough: PrepareGate = async (_tx, { rules }) => ({
  check(event, state) {
    if (!state) return null;
    if (event.type !== 'token.issued' && event.type !== 'remote.activated' && event.type !== 'eid.level2.recorded') return null;
    const decision = eligibility({
      service: state.draft.service.kind,
      birthDate: state.draft.identity.birthDate,
      day: hcmDay(event.occurredAt),
      rules,
    });
    return decision.ok ? null : refuse(decision.code);
  },
});
