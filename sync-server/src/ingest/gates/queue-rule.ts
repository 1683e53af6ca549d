import { queueEventProblem } from '@dangky/core/queue';
import { siteCounters } from '../../admin/devices.ts';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * The waiting room's rules, as the counter asked them before writing: a first call only of a
 * ticket this counter may serve (its desks, not reserved for another counter), a transfer only to
 * another counter or desk of the site that serves the citizen, a park only by the counter that
 * called — core's queue actions, with the site's numbered counters read once per push.
 */
export const queueRule: PrepareGate = async (tx, { device, events, rules }) => {
  const queueEvents = events.some(
    (e) => e.type === 'registration.called' || e.type === 'registration.transferred' || e.type === 'registration.parked',
  );
  if (!queueEvents) return { check: () => null };
  const counters = await siteCounters(tx, device.siteId);
  return {
    check(event, state) {
      if (!state) return null;
      const code = queueEventProblem(state, event, { counters, policy: rules.queue });
      return code ? refuse(code) : null;
    },
  };
};
