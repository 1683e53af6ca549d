import { applyEvent, foldRegistration } from '../events/fold-registration.ts';
import type { DomainEvent } from '../events/envelope.ts';
import type { RegistrationState } from '../events/registration-state.ts';

/**
 * Test helpers (not shipped code): a registration folded from events a test expects to be legal,
 * failing the test with the fold's own code when one is not.
 */
export function foldOrThrow(...events: DomainEvent[]): RegistrationState {
  const r = foldRegistration(events);
  if (!r.ok) throw new Error(r.code);
  return r.state;
}

export function applyOrThrow(state: RegistrationState, event: DomainEvent): RegistrationState {
  const r = applyEvent(state, event);
  if (!r.ok) throw new Error(r.code);
  return r.state;
}
