import type { PrepareGate } from './gate.ts';

/**
 * A counter that served a citizen from a sealed ticket while the booth was offline sends its
 * events for a registration whose submission may still be on the kiosk. Such an event is held —
 * accepted into custody, judged later — instead of refused as unknown: the kiosk's submission
 * releases it through every gate and the fold, in the same transaction (`replay-held.ts`). Only a
 * counter's events are held; a kiosk only submits.
 */
export const awaitsSubmission: PrepareGate = async (_tx, { device }) => ({
  check: (event, state) =>
    device.kind === 'counter' && state === undefined && event.type !== 'registration.submitted' ? { status: 'held' } : null,
});
