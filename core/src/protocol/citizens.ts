import { z } from 'zod';
import { instant, staffId, uuidV7 } from '../schemas/primitives.ts';
import { holding } from '../gates/holding.ts';
import { chipVerdict } from '../gates/identity-evidence.ts';
import { IDENTITY_GATE_FIELDS } from '../gates/chip-comparison.ts';
import { approvalReason } from '../events/gate-events.ts';

/**
 * The staff-only questions the counter asks about a citizen, always through a registration of
 * the clerk's own site (never a bare ID number: the server takes the number from the
 * registration it holds, so none travels in a URL or a log, and a clerk can only ask about a
 * citizen standing at their own site).
 *
 * `POST citizenHoldings`: what the citizen already holds from the programme — certificates and
 * e-ID hand-offs, with their status now — before issuance or remote activation. Each look-up is
 * audited (who, about which registration, when). The kiosk never asks: anyone can type an ID
 * number there.
 *
 * `POST identityApprovals`: a site manager, signed in with their own account (on the clerk's
 * counter or from the dashboard), approves serving despite an unverified chip that disagrees,
 * with a written reason. The counter then records the `identity.mismatch-approved` event naming
 * the approval; the server stores that event only if this approval exists.
 */
export const citizenHoldingsRequest = z.object({ registrationId: uuidV7 });

export const heldItem = holding.extend({
  status: z.enum(['active', 'revoked', 'expired', 'pending', 'approved', 'refused']),
});
export type HeldItem = z.infer<typeof heldItem>;

export const citizenHoldingsResponse = z.object({
  registrationId: uuidV7,
  /** When the server answered; statuses are as of this instant. */
  at: instant,
  /** Everything else the same citizen holds (the registration itself left out), oldest first. */
  holdings: z.array(heldItem),
});
export type CitizenHoldingsResponse = z.infer<typeof citizenHoldingsResponse>;

export const identityApprovalRequest = z.object({
  registrationId: uuidV7,
  /** The counter chip read approved; `null` for the kiosk's read. */
  chipReadId: uuidV7.nullable(),
  reason: approvalReason,
});
export type IdentityApprovalRequest = z.input<typeof identityApprovalRequest>;

export const identityApproval = z.object({
  approvalId: uuidV7,
  registrationId: uuidV7,
  chipReadId: uuidV7.nullable(),
  approvedBy: staffId,
  approverName: z.string(),
  reason: z.string(),
  at: instant,
});
export type IdentityApproval = z.infer<typeof identityApproval>;

/**
 * `GET identityApprovals?registrationId=`: the approvals made for one registration, for the
 * clerk's counter waiting on a manager who approves from their own page (staff of its site).
 */
export const identityApprovalsQuery = z.object({ registrationId: uuidV7 });
export const identityApprovalsResponse = z.object({ approvals: z.array(identityApproval) });
export type IdentityApprovalsResponse = z.infer<typeof identityApprovalsResponse>;

/**
 * `GET identityApprovalsPending`: what waits for a manager in their scope — registrations whose
 * unverified chip disagrees (core's `approvalAwaited`) and that no approval covers yet — with
 * what the manager needs to decide (ticket, the registered name, which fields disagree).
 */
export const pendingApproval = z.object({
  registrationId: uuidV7,
  siteId: z.string(),
  ticket: z.string(),
  fullName: z.string(),
  purpose: z.enum(['issuance', 'token-care']),
  chipReadId: uuidV7.nullable(),
  verdict: chipVerdict,
  fields: z.array(z.enum(IDENTITY_GATE_FIELDS)),
});
export type PendingApproval = z.infer<typeof pendingApproval>;
export const pendingApprovalsResponse = z.object({ at: instant, pending: z.array(pendingApproval) });
export type PendingApprovalsResponse = z.infer<typeof pendingApprovalsResponse>;
