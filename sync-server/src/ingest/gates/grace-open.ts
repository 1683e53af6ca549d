import { noShowActionGate } from '@dangky/core/gates';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * Queue actions forgive, for a while: a ticket marked "not here" is recalled (called again) only
 * from the counter that marked it and put back in the queue only while its grace period runs, at
 * the time the device did it. After that the ticket has lapsed and can only be cancelled.
 */
export const graceOpen: PrepareGate = async (_tx, { rules }) => ({
  check(event, state) {
    if (!state) return null;
    const at = event.occurredAt;
    const decision =
      event.type === 'registration.called' && state.noShow
        ? noShowActionGate({ action: 'recall', noShow: state.noShow, counterId: event.payload.counterId, at, rules })
        : event.type === 'registration.put-back'
          ? noShowActionGate({ action: 'put-back', noShow: state.noShow, at, rules })
          : null;
    return decision && !decision.ok ? refuse(decision.code) : null;
  },
});
