import type { ErrorCode } from '../errors/registry.ts';
import type { IdentityCheck } from '../events/event-types.ts';
import { pass, type GateDecision } from './decision.ts';
import { identityGate, type IdentityRemedy } from './identity-gate.ts';
import type { IdentityEvidence } from './identity-evidence.ts';

/**
 * Unblocking a PIN or revoking a certificate acts on someone's signature, so it goes through the
 * same identity gate as issuance — with the holder identified now, at the counter: what the kiosk
 * read when they registered does not show who is standing there today. The one exception is a
 * revocation an authority asked for in writing (police, court, the provider): the holder is not
 * there, and the event records who asked and their document's reference instead.
 */
export interface TokenCareRequest {
  action: 'unblock' | 'revoke';
  identityCheck?: IdentityCheck | undefined;
  requestedBy?: { kind: 'holder' } | { kind: 'authority'; authority: string; documentRef: string } | undefined;
}

export type TokenCareDecision = GateDecision<{ remedies: IdentityRemedy[] }>;

/** The part of the evidence that says who is at the counter now: the counter's own chip read and its approval. */
export const holderEvidence = (evidence: IdentityEvidence): IdentityEvidence => ({
  chip: evidence.chip?.origin === 'counter' ? evidence.chip : null,
  approval: evidence.chip?.origin === 'counter' ? evidence.approval : null,
  registrationChipVerified: false,
});

export function tokenCareGate(evidence: IdentityEvidence, request: TokenCareRequest): TokenCareDecision {
  if (request.action === 'revoke' && request.requestedBy?.kind === 'authority') return pass;
  const decision = identityGate(holderEvidence(evidence), request.identityCheck === 'documents-checked');
  if (!decision.ok) {
    const claimed = request.identityCheck !== undefined && request.identityCheck !== 'documents-checked';
    const code: ErrorCode =
      decision.code !== 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED'
        ? decision.code
        : claimed
          ? 'DK_ERR_IDENTITY_CHECK_UNSUPPORTED'
          : 'DK_ERR_CARE_HOLDER_UNCONFIRMED';
    return { ok: false, code, remedies: decision.remedies };
  }
  if (!request.identityCheck) return { ok: false, code: 'DK_ERR_CARE_HOLDER_UNCONFIRMED', remedies: [] };
  if (request.identityCheck !== 'documents-checked' && request.identityCheck !== decision.check)
    return { ok: false, code: 'DK_ERR_IDENTITY_CHECK_UNSUPPORTED', remedies: ['read-chip', 'check-documents'] };
  return pass;
}
