import type { ErrorCode } from '../errors/registry.ts';
import type { IdentityCheck } from '../events/event-types.ts';
import { IDENTITY_GATE_FIELDS, type IdentityGateField } from './chip-comparison.ts';
import type { IdentityEvidence } from './identity-evidence.ts';

/**
 * The identity gate before a signature (token issuance, remote activation) and before token
 * care: who may receive a key in the registered name. It cannot be talked past:
 *
 * | chip read                         | decision                                                   |
 * |-----------------------------------|------------------------------------------------------------|
 * | verified, disagrees               | blocked: correct the registration from the chip, or cancel  |
 * |                                   | ("nhân thân không khớp") — papers are NOT offered           |
 * | verified, changed by hand since   | blocked: read the chip again                                |
 * | verified, agrees                  | go (`chip-matched`, or `chip-verified` for the kiosk's read) |
 * | unverified and disagrees, or failed | blocked until a site manager approves with a reason;      |
 * |                                   | then the papers are checked                                  |
 * | unverified, agrees                | the papers are checked (`documents-checked`)                |
 * | none                              | read the chip or check the papers                           |
 *
 * `remedies` are what the counter offers the clerk, in that order.
 */
export type IdentityRemedy = 'read-chip' | 'check-documents' | 'correct-from-chip' | 'manager-approval' | 'cancel-identity-mismatch';

export type IdentityDecision =
  { ok: true; check: IdentityCheck } | { ok: false; code: ErrorCode; fields: IdentityGateField[]; remedies: IdentityRemedy[] };

const refuse = (code: ErrorCode, fields: IdentityGateField[], remedies: IdentityRemedy[]): IdentityDecision => ({
  ok: false,
  code,
  fields,
  remedies,
});

const unconfirmed = (remedies: IdentityRemedy[] = ['read-chip', 'check-documents']) =>
  refuse('DK_ERR_TOKEN_IDENTITY_UNCONFIRMED', [], remedies);

/** @param documentsChecked the clerk compared the ID card with the registration by eye ("Tôi đã đối chiếu giấy tờ"). */
export function identityGate(evidence: IdentityEvidence, documentsChecked = false): IdentityDecision {
  const chip = evidence.chip;
  const papers = (): IdentityDecision => (documentsChecked ? { ok: true, check: 'documents-checked' } : unconfirmed());
  if (!chip) return evidence.registrationChipVerified ? { ok: true, check: 'chip-verified' } : papers();

  const having = (state: string) => IDENTITY_GATE_FIELDS.filter((f) => chip.fields[f] === state);
  const mismatched = having('mismatch');
  if (chip.verdict === 'verified') {
    // The kiosk's read left no chip values at the counter: read the card here to correct from it.
    if (mismatched.length > 0)
      return refuse(
        'DK_ERR_IDENTITY_CHIP_MISMATCH',
        mismatched,
        chip.origin === 'counter' ? ['correct-from-chip', 'cancel-identity-mismatch'] : ['read-chip', 'cancel-identity-mismatch'],
      );
    const unknown = having('unknown');
    if (unknown.length > 0) return refuse('DK_ERR_IDENTITY_CHIP_REREAD', unknown, ['read-chip', 'cancel-identity-mismatch']);
    if (having('match').length === IDENTITY_GATE_FIELDS.length)
      return { ok: true, check: chip.origin === 'kiosk' ? 'chip-verified' : 'chip-matched' };
    // A genuine chip that lacks a field contradicts nothing: the papers settle that field.
    return documentsChecked ? { ok: true, check: 'documents-checked' } : unconfirmed(['check-documents']);
  }

  // Data that could not be verified (or failed verification) cannot correct the registration,
  // and a disagreement — or a failed verification — is not for the clerk alone to wave through.
  const needsApproval = mismatched.length > 0 || chip.verdict === 'failed';
  const approved = evidence.approval !== null && evidence.approval.chipReadId === chip.readId;
  if (needsApproval && !approved)
    return refuse('DK_ERR_IDENTITY_APPROVAL_REQUIRED', mismatched, ['manager-approval', 'read-chip', 'cancel-identity-mismatch']);
  return documentsChecked ? { ok: true, check: 'documents-checked' } : unconfirmed(['check-documents', 'read-chip']);
}

/**
 * The server's question about an outcome event: does the identity check it claims hold against
 * the evidence the registration's events recorded? `null` when it does; otherwise the code of the
 * refusal. A weaker claim than the evidence allows (`documents-checked` against an agreeing chip)
 * is accepted; a stronger one is not.
 */
export function identityClaimProblem(evidence: IdentityEvidence, claim: IdentityCheck | undefined): ErrorCode | null {
  if (!claim) return 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED';
  const decision = identityGate(evidence, claim === 'documents-checked');
  // A chip claim with no chip behind it is a false claim, not a missing check.
  if (!decision.ok) return decision.code === 'DK_ERR_TOKEN_IDENTITY_UNCONFIRMED' ? 'DK_ERR_IDENTITY_CHECK_UNSUPPORTED' : decision.code;
  return claim === 'documents-checked' || claim === decision.check ? null : 'DK_ERR_IDENTITY_CHECK_UNSUPPORTED';
}
