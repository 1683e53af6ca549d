import type { RegistrationState } from '@dangky/core/events';
import type { ServiceRules } from '@dangky/core/gates';
import type { ErrorCode } from '@dangky/core/errors';
import { nextRegistration, queueEventProblem, type CounterDesks, type QueueCounter } from '@dangky/core/queue';

/**
 * Which registration a call at this counter is for: the one the clerk picked (while it still
 * waits, or is called — a recall), or for "call next" the one core's call order takes from the
 * desks this counter serves — oldest first, priority tickets first within the site's share (the
 * server's service rules) — or `null`.
 */
export function callTarget(
  views: readonly RegistrationState[],
  input: { registrationId?: string | null; counter: CounterDesks },
  rules: ServiceRules,
): RegistrationState | null {
  if (input.registrationId)
    return views.find((v) => v.registrationId === input.registrationId && (v.status === 'waiting' || v.status === 'called')) ?? null;
  return nextRegistration(views, input.counter, rules.queue);
}

export type QueueEventType = 'registration.called' | 'registration.transferred' | 'registration.parked';

/** Core's queue rule for an event this counter is about to write (the server asks it again at ingest). */
export const queueRuleProblem = (
  registration: RegistrationState,
  type: QueueEventType,
  payload: object,
  counters: readonly QueueCounter[],
  rules: ServiceRules,
  now = new Date(),
): ErrorCode | null =>
  queueEventProblem(registration, { type, payload, occurredAt: now.toISOString() } as never, { counters, policy: rules.queue });
