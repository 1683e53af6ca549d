import type { RegistrationState } from '../events/registration-state.ts';
import type { IdentityGateField } from './chip-comparison.ts';
import { evidenceOf, type ChipVerdictName } from './identity-evidence.ts';
import { identityGate } from './identity-gate.ts';
import { holderEvidence } from './token-care-gate.ts';

/**
 * Which registrations wait for a site manager, so the manager can approve from their own page
 * rather than only in the modal on the clerk's counter: an unverified (or failed) chip that
 * disagrees with the registration, while the citizen is at the counter for a signature
 * (`issuance`), or while the holder of an issued token asks for its care (`token-care`, on the
 * holder's chip read at the counter). The identity gate decides, as it does for the clerk; this
 * only says for which chip read the approval is wanted (`null`: the kiosk's read).
 */
export interface AwaitedApproval {
  purpose: 'issuance' | 'token-care';
  chipReadId: string | null;
  verdict: ChipVerdictName;
  fields: IdentityGateField[];
}

export function approvalAwaited(state: RegistrationState): AwaitedApproval | null {
  const evidence = evidenceOf(state);
  const signature = state.draft.service.kind === 'digital-signature';
  const issuance = state.status === 'called' && signature;
  const care = state.status === 'completed' && state.outcome === 'token-issued' && state.tokenLifecycle?.state !== 'revoked';
  if (!issuance && !care) return null;
  const decision = identityGate(care ? holderEvidence(evidence) : evidence);
  if (decision.ok || decision.code !== 'DK_ERR_IDENTITY_APPROVAL_REQUIRED' || !evidence.chip) return null;
  return {
    purpose: care ? 'token-care' : 'issuance',
    chipReadId: evidence.chip.readId,
    verdict: evidence.chip.verdict,
    fields: decision.fields,
  };
}
