import type { RegistrationState } from '@dangky/core/events';
import type { ServiceRules } from '@dangky/core/gates';
import { nextRegistration, type CounterDesks } from '@dangky/core/queue';

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
