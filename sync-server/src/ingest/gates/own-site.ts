import { refuse, type PrepareGate } from './gate.ts';

/** A device acts on its own site only: it submits for its site and touches only that site's registrations. */
export const ownSite: PrepareGate = async (_tx, { device }) => ({
  check(event, state) {
    const siteId = event.type === 'registration.submitted' ? event.payload.siteId : state?.draft.siteId;
    return siteId !== undefined && siteId !== device.siteId ? refuse('DK_ERR_WRONG_SITE') : null;
  },
});
