import { z } from 'zod';
import type { RegistrationState } from '../events/registration-state.ts';
import { uuidV7 } from '../schemas/primitives.ts';
import type { CounterServiceEvent } from './counter-service.ts';

/**
 * A counter's open service survives a reload (F5) or a restart of the browser. What must come
 * back is already on the device: the called ticket, the chip read, a correction and a manager's
 * approval are events in the counter's outbox or its stored queue, folded into the registration.
 * Only what the clerk did without an event is kept beside them — which citizen the counter is
 * serving, whether they came to the counter, and whether the clerk checked their papers — as this
 * marker (no personal value in it). On start, `resumeEventFor` turns it back into the machine's
 * `service.resume`: the same citizen at the same step, without calling the ticket a second time.
 * The papers check counts only for the registration as it was then (its version): anything
 * recorded since must be compared with the card again.
 */
export const servingMarker = z.object({
  registrationId: uuidV7,
  operatorId: z.string().min(1).max(64),
  counterId: z.string().min(1).max(64),
  stage: z.enum(['called', 'checking']),
  documentsChecked: z.boolean(),
  /** The registration's fold version when the papers were checked. */
  version: z.number().int().min(0),
});
export type ServingMarker = z.infer<typeof servingMarker>;

/** Who is at this counter now. */
export interface CounterSeat {
  operatorId: string;
  counterId: string;
}

/**
 * The resume for a stored marker, or `null` when there is nothing to resume: another clerk or
 * counter, a registration no longer called by them here (an outcome recorded, a cancellation, a
 * call elsewhere), or a citizen the counter marked as not come.
 */
export function resumeEventFor(
  marker: ServingMarker | null | undefined,
  registrations: readonly RegistrationState[],
  seat: CounterSeat,
): Extract<CounterServiceEvent, { type: 'service.resume' }> | null {
  if (!marker || marker.operatorId !== seat.operatorId || marker.counterId !== seat.counterId) return null;
  const registration = registrations.find((r) => r.registrationId === marker.registrationId);
  if (
    !registration ||
    registration.status !== 'called' ||
    registration.counterId !== seat.counterId ||
    registration.calledBy !== seat.operatorId ||
    registration.noShow
  )
    return null;
  return {
    type: 'service.resume',
    registration,
    stage: marker.stage,
    documentsChecked: marker.documentsChecked && marker.version === registration.version,
  };
}
