import type { FastifyInstance } from 'fastify';
import { DangkyError } from '@dangky/core/errors';
import { uuidv7 } from '@dangky/core/events';
import { holdingStatus, type ServiceRules } from '@dangky/core/gates';
import {
  citizenHoldingsRequest,
  identityApprovalRequest,
  identityApprovalsQuery,
  routes,
  type CitizenHoldingsResponse,
  type IdentityApproval,
  type IdentityApprovalsResponse,
  type PendingApprovalsResponse,
} from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { authenticateStaff } from '../auth/staff-auth.ts';
import { readHoldings } from '../citizens/read-holdings.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { registrationInScope } from '../citizens/staff-scope.ts';
import { pendingApprovals } from '../citizens/pending-approvals.ts';
import { reportSites } from '../reports/scope.ts';
import type { ServerKeys } from '../privacy/server-keys.ts';

/**
 * The counter's staff-only questions about the citizen in front of it (core/src/protocol/
 * citizens.ts): what they already hold, and a manager's approval of an identity mismatch. Both
 * go through a registration of the staff member's own site; neither takes an ID number, and each
 * look-up is in the audit log. A
 * manager also lists what waits for their approval in their scope, and the clerk's counter asks
 * which approvals were made for the registration in front of it (a manager approving from their
 * own page rather than on the counter).
 */
export function citizenRoutes(app: FastifyInstance, db: Db, rules: ServiceRules, keys: ServerKeys): void {
  app.post(routes.citizenHoldings, async (req): Promise<CitizenHoldingsResponse> => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const { registrationId } = citizenHoldingsRequest.parse(req.body);
    return db.transaction(async (tx) => {
      const state = await registrationInScope(tx, keys, user, registrationId);
      const held = (await readHoldings(tx, keys, [state.draft.identity.idNumber])).get(state.draft.identity.idNumber) ?? [];
      // What the citizen holds besides the registration in front of the clerk.
      const others = held.filter((h) => h.registrationId !== registrationId);
      const at = new Date().toISOString();
      // Who looked up whom, and when: the citizen named by the registration in front of the clerk
      // (its id, never the number), and how much was found.
      await appendAudit(tx, {
        actorId: user.id,
        actorRole: user.role,
        action: 'citizen.holdings-looked-up',
        siteId: state.draft.siteId,
        provinceCode: user.provinceCode,
        target: `registration:${registrationId}`,
        detail: { found: others.length },
      });
      return {
        registrationId,
        at,
        holdings: others.map((h) => ({ ...h, status: holdingStatus(h, at, rules) })),
      };
    });
  });

  app.get(routes.identityApprovalsPending, async (req): Promise<PendingApprovalsResponse> => {
    const user = await authenticateStaff(db, req.headers.authorization);
    if (user.role !== 'site-manager' && user.role !== 'city-manager') throw new DangkyError('DK_ERR_APPROVAL_NOT_MANAGER');
    const sites = await reportSites(db, user);
    const now = new Date();
    const pending = await pendingApprovals(
      db,
      keys,
      sites.map((s) => s.id),
      now,
    );
    return { at: now.toISOString(), pending };
  });

  app.get(routes.identityApprovals, async (req): Promise<IdentityApprovalsResponse> => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const { registrationId } = identityApprovalsQuery.parse(req.query);
    await registrationInScope(db, keys, user, registrationId);
    const rows = await db.query<{
      id: string;
      chip_read_id: string | null;
      approved_by: string;
      display_name: string;
      reason: string;
      approved_at: string | Date;
    }>(
      `SELECT a.id::text AS id, a.chip_read_id::text AS chip_read_id, a.approved_by, s.display_name, a.reason, a.approved_at
       FROM identity_approvals a JOIN staff s ON s.id = a.approved_by WHERE a.registration_id = $1 ORDER BY a.approved_at`,
      [registrationId],
    );
    return {
      approvals: rows.map((r) => ({
        approvalId: r.id,
        registrationId,
        chipReadId: r.chip_read_id,
        approvedBy: r.approved_by,
        approverName: r.display_name,
        reason: r.reason,
        at: new Date(r.approved_at).toISOString(),
      })),
    };
  });

  app.post(routes.identityApprovals, async (req): Promise<IdentityApproval> => {
    const user = await authenticateStaff(db, req.headers.authorization);
    if (user.role !== 'site-manager' && user.role !== 'city-manager') throw new DangkyError('DK_ERR_APPROVAL_NOT_MANAGER');
    const body = identityApprovalRequest.parse(req.body);
    return db.transaction(async (tx) => {
      const state = await registrationInScope(tx, keys, user, body.registrationId).catch((error: unknown) => {
        throw error instanceof DangkyError && error.code === 'DK_ERR_FORBIDDEN' ? new DangkyError('DK_ERR_APPROVAL_NOT_MANAGER') : error;
      });
      if (state.status === 'cancelled') throw new DangkyError('DK_ERR_ILLEGAL_TRANSITION');
      const approvalId = uuidv7();
      const [row] = await tx.query<{ approved_at: string | Date }>(
        `INSERT INTO identity_approvals (id, registration_id, chip_read_id, approved_by, reason) VALUES ($1, $2, $3, $4, $5)
         RETURNING approved_at`,
        [approvalId, body.registrationId, body.chipReadId, user.id, body.reason],
      );
      return {
        approvalId,
        registrationId: body.registrationId,
        chipReadId: body.chipReadId,
        approvedBy: user.id,
        approverName: user.displayName,
        reason: body.reason,
        at: new Date(row!.approved_at).toISOString(),
      };
    });
  });
}
