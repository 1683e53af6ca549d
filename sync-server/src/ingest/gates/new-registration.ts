import { refuse, type PrepareGate } from './gate.ts';

/**
 * A submission opens a registration that does not exist yet. The fold refuses this too; checking
 * it here, before the ticket and catalogue gates, keeps the answer about the registration itself.
 */
export const newRegistration: PrepareGate = async () => ({
  check: (event, state) => (event.type === 'registration.submitted' && state ? refuse('DK_ERR_ILLEGAL_TRANSITION') : null),
});
