import {
  identityApproval,
  identityApprovalsResponse,
  pendingApprovalsResponse,
  routes,
  type IdentityApproval,
  type IdentityApprovalRequest,
  type PendingApprovalsResponse,
} from '@dangky/core/protocol';
import { requestJson } from '@dangky/web';

/**
 * The approval calls, each with the bearer of whoever makes it: the manager approving (on the
 * clerk's counter in the modal, or from their own page, `requestApproval`) and listing what waits
 * for them (`fetchPendingApprovals`), and the clerk's counter asking which approvals were made for
 * the registration in front of it (`fetchApprovals`) — how it learns of an approval made from the
 * manager's page, to record the manager's event naming it.
 */
export interface ApprovalsApi {
  server: string;
  authorization: string;
  fetch?: typeof fetch;
}

const withFetch = (api: ApprovalsApi) => (api.fetch ? { fetch: api.fetch } : {});

export const requestApproval = (api: ApprovalsApi, body: IdentityApprovalRequest): Promise<IdentityApproval> =>
  requestJson(api.server, routes.identityApprovals, identityApproval, {
    method: 'POST',
    body,
    authorization: api.authorization,
    ...withFetch(api),
  });

export const fetchPendingApprovals = (api: ApprovalsApi): Promise<PendingApprovalsResponse> =>
  requestJson(api.server, routes.identityApprovalsPending, pendingApprovalsResponse, {
    authorization: api.authorization,
    ...withFetch(api),
  });

export async function fetchApprovals(api: ApprovalsApi, registrationId: string): Promise<IdentityApproval[]> {
  const answer = await requestJson(api.server, routes.identityApprovals, identityApprovalsResponse, {
    authorization: api.authorization,
    query: { registrationId },
    ...withFetch(api),
  });
  return answer.approvals;
}

/** The approval made for exactly this chip read (`null`: the kiosk's), if one was. */
export const approvalFor = (approvals: readonly IdentityApproval[], chipReadId: string | null): IdentityApproval | null =>
  approvals.find((a) => a.chipReadId === chipReadId) ?? null;
