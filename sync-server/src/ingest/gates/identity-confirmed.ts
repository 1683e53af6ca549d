import { evidenceOf, identityClaimProblem, tokenCareGate } from '@dangky/core/gates';
import { refuse, type PrepareGate } from './gate.ts';

/**
 * The identity gate, again on the server: a signature (`token.issued`, `remote.activated`) only
 * with an identity check the registration's recorded chip reads back, and token care
 * (`token.pin-unblocked`, `token.revoked`) only with the holder identified at the counter — or,
 * for a revocation, an authority's written request. core/src/gates decides; this only asks.
 */
export const identityConfirmed: PrepareGate = async () => ({
  check(event, state) {
    if (!state) return null;
    const evidence = evidenceOf(state);
    if (event.type === 'token.issued' || event.type === 'remote.activated') {
      const code = identityClaimProblem(evidence, event.payload.identityCheck);
      return code ? refuse(code) : null;
    }
    if (event.type === 'token.pin-unblocked' || event.type === 'token.revoked') {
      const decision = tokenCareGate(evidence, {
        action: event.type === 'token.revoked' ? 'revoke' : 'unblock',
        identityCheck: event.payload.identityCheck,
        requestedBy: event.type === 'token.revoked' ? event.payload.requestedBy : undefined,
      });
      return decision.ok ? null : refuse(decision.code);
    }
    return null;
  },
});
