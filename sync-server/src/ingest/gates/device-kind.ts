import { mayRecord } from '@dangky/core/admin';
import { refuse, type PrepareGate } from './gate.ts';

/** A device records only what its kind is for (core's table of event type × device kind): a kiosk only the submission. */
export const deviceKind: PrepareGate = async (_tx, { device }) => ({
  check: (event) => (mayRecord(device.kind, event.type) ? null : refuse('DK_ERR_DEVICE_KIND_FORBIDDEN')),
});
