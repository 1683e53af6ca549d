import { z } from 'zod';
import type { Identity } from '../schemas/identity.ts';
import { CHIP_COMPARED_FIELDS, chipComparedField, type ChipComparedField } from './chip-comparison.ts';

/**
 * What is known about whether the person in front of the clerk is the registered person, as the
 * registration fold keeps it (sources and outcomes only, no personal value):
 * - `chip`: the latest chip read — the kiosk's (taken from the submitted identity's provenance)
 *   or the counter's (`identity.chip-read`) — with its passive-authentication verdict and, per
 *   field, whether it matched the registration. A correction typed by hand after it makes the
 *   fields it touched `unknown` (the chip must be read again); a correction from that chip read
 *   makes them `match`.
 * - `approval`: a site manager's approval of an unverified chip's disagreement, bound to that read.
 * - `registrationChipVerified`: the kiosk submitted exactly what a verified chip said (older
 *   registrations carry only this, no provenance).
 * Every signature outcome and every token care spends the evidence: the next one needs the
 * holder identified again.
 */
export const evidenceFieldState = z.enum(['match', 'mismatch', 'absent', 'unknown']);
export type EvidenceFieldState = z.infer<typeof evidenceFieldState>;

export const chipVerdict = z.enum(['verified', 'not-verified', 'failed']);
export type ChipVerdictName = z.infer<typeof chipVerdict>;
export const cardExpiryVerdict = z.enum(['valid', 'expired', 'unknown']);
export type CardExpiryVerdict = z.infer<typeof cardExpiryVerdict>;

export const chipEvidence = z.object({
  /** The `identity.chip-read` event's id; `null` for the kiosk's read (part of the submission). */
  readId: z.string().nullable(),
  origin: z.enum(['kiosk', 'counter']),
  verdict: chipVerdict,
  fields: z.partialRecord(chipComparedField, evidenceFieldState),
  cardExpiry: cardExpiryVerdict.optional(),
});
export type ChipEvidence = z.infer<typeof chipEvidence>;

export const identityEvidence = z.object({
  chip: chipEvidence.nullable(),
  approval: z.object({ chipReadId: z.string().nullable(), approvedBy: z.string() }).nullable(),
  registrationChipVerified: z.boolean(),
});
export type IdentityEvidence = z.infer<typeof identityEvidence>;

export const noEvidence: IdentityEvidence = { chip: null, approval: null, registrationChipVerified: false };

/**
 * The evidence a submitted identity brings from the kiosk: its chip read, when the kiosk read one
 * (a `chip-passive-auth` check in the provenance), with each compared field `match` when the
 * submitted value is the chip's and `mismatch` when the citizen changed it.
 */
export function kioskEvidence(identity: Identity): IdentityEvidence {
  const registrationChipVerified = identity.assurance === 'chip-verified';
  const provenance = identity.provenance;
  const auth = provenance?.checks.find((c) => c.check === 'chip-passive-auth');
  if (!provenance || !auth) return { chip: null, approval: null, registrationChipVerified };
  const verdict = auth.outcome === 'passed' ? 'verified' : auth.outcome === 'error' ? 'failed' : 'not-verified';
  const fields: Partial<Record<ChipComparedField, EvidenceFieldState>> = {};
  for (const field of CHIP_COMPARED_FIELDS) {
    const origin = provenance.fields[field];
    fields[field] = origin?.source === 'chip' ? 'match' : origin?.editedFrom === 'chip' ? 'mismatch' : 'absent';
  }
  return { chip: { readId: null, origin: 'kiosk', verdict, fields }, approval: null, registrationChipVerified };
}

/**
 * The evidence after a correction: fields taken from the chip read `fromChipReadId` now match it;
 * fields typed by hand are no longer known to match any chip, and the registration is no longer
 * exactly what the kiosk's verified chip said.
 */
export function correctedEvidence(
  evidence: IdentityEvidence,
  fields: readonly string[],
  fromChipReadId: string | null | undefined,
): IdentityEvidence {
  const compared = fields.filter((f): f is ChipComparedField => (CHIP_COMPARED_FIELDS as readonly string[]).includes(f));
  if (compared.length === 0) return evidence;
  const chip = evidence.chip;
  const fromThisChip = chip !== null && fromChipReadId != null && chip.readId === fromChipReadId;
  const nextFields = chip ? { ...chip.fields } : {};
  for (const f of compared) {
    if (fromThisChip) nextFields[f] = 'match';
    else if (chip && nextFields[f] !== 'absent') nextFields[f] = 'unknown';
  }
  return {
    chip: chip ? { ...chip, fields: nextFields } : null,
    approval: evidence.approval,
    registrationChipVerified: false,
  };
}

/** What a counter chip read (`identity.chip-read`) says, outcomes only. */
export interface CounterChipRead {
  verdict: ChipVerdictName;
  fields: Partial<Record<ChipComparedField, EvidenceFieldState>>;
  cardExpiry?: CardExpiryVerdict | undefined;
}

/**
 * The evidence after the counter read the card: that read replaces the one before it, and a
 * manager's approval of an earlier read does not carry over to it. The fold and the token-care
 * machine (which follows a read before the fold has it) both take it from here.
 */
export const counterChipEvidence = (evidence: IdentityEvidence, readId: string, read: CounterChipRead): IdentityEvidence => ({
  chip: {
    readId,
    origin: 'counter',
    verdict: read.verdict,
    fields: read.fields,
    ...(read.cardExpiry !== undefined ? { cardExpiry: read.cardExpiry } : {}),
  },
  approval: null,
  registrationChipVerified: evidence.registrationChipVerified,
});

/** A site manager's approval, bound to the chip read it names; `null` when that is not the latest read. */
export const approvedEvidence = (
  evidence: IdentityEvidence,
  approval: { chipReadId: string | null; approvedBy: string },
): IdentityEvidence | null =>
  evidence.chip?.readId === approval.chipReadId
    ? { ...evidence, approval: { chipReadId: approval.chipReadId, approvedBy: approval.approvedBy } }
    : null;

/** A registration's evidence as the fold keeps it; rows folded before it was kept take the kiosk's. */
export const evidenceOf = (state: { evidence?: IdentityEvidence | undefined; draft: { identity: Identity } }): IdentityEvidence =>
  state.evidence ?? kioskEvidence(state.draft.identity);
