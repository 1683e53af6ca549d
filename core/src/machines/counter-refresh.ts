import type { RegistrationState } from '../events/registration-state.ts';
import type { CounterServiceEvent } from './counter-service.ts';

/**
 * The registration a counter is serving, as its store now knows it, when the store holds a later
 * version than the service: the pull brought an event recorded elsewhere (a correction on the
 * dashboard, a manager's approval), or one this counter sent just before a reload — acknowledged
 * and gone from the outbox, its effect not yet back in the stored view when the service resumed.
 * The identity gate then decides again on what is recorded. An older or equal version is what
 * the service already holds (its own events are folded over the store as they are written), so
 * it changes nothing: the papers check is undone only when the registration really changed.
 */
export function refreshEventFor(
  held: RegistrationState | null,
  stored: readonly RegistrationState[],
): Extract<CounterServiceEvent, { type: 'registration.changed' }> | null {
  if (!held) return null;
  const latest = stored.find((v) => v.registrationId === held.registrationId);
  return latest && latest.version > held.version ? { type: 'registration.changed', registration: latest } : null;
}
