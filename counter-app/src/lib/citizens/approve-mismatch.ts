import { DangkyError } from '@dangky/core/errors';
import type { IdentityApproval } from '@dangky/core/protocol';
import { signIn, signOut } from '../auth/session.ts';
import { requestApproval } from './approvals-api.ts';

/**
 * A site manager approves, on the clerk's counter, serving a citizen whose unverified chip
 * disagrees with the registration: the manager signs in with their own account for this one
 * request — a session of its own, kept in memory only and signed out right after, so the clerk's
 * session on the counter is never replaced and the manager's password is never stored. The
 * server records the approval under the manager's name (`POST identityApprovals`); the counter
 * then records the `identity.mismatch-approved` event naming it, by the manager.
 */
export interface ManagerApprovalRequest {
  server: string;
  username: string;
  password: string;
  registrationId: string;
  /** The counter chip read approved; `null` for the kiosk's read. */
  chipReadId: string | null;
  reason: string;
  fetch?: typeof fetch;
}

const MANAGER_ROLES = new Set(['site-manager', 'city-manager']);

export async function approveMismatch(request: ManagerApprovalRequest): Promise<IdentityApproval> {
  const fetchFn = request.fetch ? { fetch: request.fetch } : {};
  const manager = await signIn(request.server, request.username.trim(), request.password, request.fetch);
  try {
    // The server refuses a clerk too; saying so here spares a request that only a manager may make.
    if (!MANAGER_ROLES.has(manager.user.role)) throw new DangkyError('DK_ERR_APPROVAL_NOT_MANAGER');
    return await requestApproval(
      { server: request.server, authorization: `Bearer ${manager.token}`, ...fetchFn },
      { registrationId: request.registrationId, chipReadId: request.chipReadId, reason: request.reason },
    );
  } finally {
    await signOut(manager, request.fetch);
  }
}
