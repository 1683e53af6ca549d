import { refuse, type PrepareGate } from './gate.ts';

/**
 * An `identity.mismatch-approved` event stands for a site manager's approval made on the server
 * with the manager's own sign-in (`POST identityApprovals`): it is stored only when that approval
 * exists, by the same manager, for the same registration and chip read.
 */
export const managerApproved: PrepareGate = async (tx, { events }) => {
  const ids = events.flatMap((e) => (e.type === 'identity.mismatch-approved' ? [e.payload.approvalId] : []));
  const rows = ids.length
    ? await tx.query<{ id: string; registration_id: string; chip_read_id: string | null; approved_by: string }>(
        'SELECT id::text AS id, registration_id::text AS registration_id, chip_read_id::text AS chip_read_id, approved_by FROM identity_approvals WHERE id = ANY($1::uuid[])',
        [ids],
      )
    : [];
  const approvals = new Map(rows.map((r) => [r.id, r]));
  return {
    check(event) {
      if (event.type !== 'identity.mismatch-approved') return null;
      const a = approvals.get(event.payload.approvalId);
      const same =
        a &&
        a.registration_id === event.payload.registrationId &&
        a.approved_by === event.payload.operatorId &&
        a.chip_read_id === event.payload.chipReadId;
      return same ? null : refuse('DK_ERR_APPROVAL_UNKNOWN');
    },
  };
};
