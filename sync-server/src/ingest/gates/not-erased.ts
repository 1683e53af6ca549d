import { refuse, type PrepareGate } from './gate.ts';

/**
 * A registration whose personal data was erased (retention, a citizen's request) takes no more
 * events: nothing could be sealed for it, and what it was can no longer be read to judge them.
 */
export const notErased: PrepareGate = async (_tx, { erased }) => ({
  check: (event) => (erased.has(event.payload.registrationId) ? refuse('DK_ERR_PERSONAL_DATA_ERASED') : null),
});
