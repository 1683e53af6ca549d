import { citizenLeftGate } from '@dangky/core/gates';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * Queue actions forgive: a "citizen left" cancellation is stored only after the no-show's grace
 * period, or when the clerk explicitly confirmed it. Other reasons are not held back.
 */
export const citizenLeft: PrepareGate = async (_tx, { rules }) => ({
  check(event, state) {
    if (!state || event.type !== 'registration.cancelled' || event.payload.reason !== 'citizen-left') return null;
    const decision = citizenLeftGate({
      noShowAt: state.noShow?.at ?? null,
      at: event.occurredAt,
      confirmed: event.payload.confirmed === true,
      rules,
    });
    return decision.ok ? null : refuse(decision.code);
  },
});
