import { citizenHoldingsResponse, routes, type CitizenHoldingsResponse } from '@dangky/core/protocol';
import { requestJson } from '@dangky/web';

/**
 * "What does this citizen already hold?" — the server's staff-only look-up, asked through the
 * registration being served (never an ID number: the server takes it from the registration it
 * holds, within the clerk's own site, and audits the question).
 */
export interface StaffApi {
  server: string;
  authorization: string;
  fetch?: typeof fetch;
}

export const fetchHoldings = (api: StaffApi, registrationId: string): Promise<CitizenHoldingsResponse> =>
  requestJson(api.server, routes.citizenHoldings, citizenHoldingsResponse, {
    method: 'POST',
    body: { registrationId },
    authorization: api.authorization,
    ...(api.fetch ? { fetch: api.fetch } : {}),
  });
