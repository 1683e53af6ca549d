import { dailyCountsResponse, routes, type DailyCountsResponse } from '@dangky/core/protocol';
import { reference } from '@dangky/core/schemas';
import { requestJson, send } from '@dangky/web';

/** The manager's report calls, with the staff bearer token (the server scopes the sites). */
export interface ReportQuery {
  from: string;
  to: string;
  siteId?: string;
}

export interface StaffAuth {
  server: string;
  token: string;
}

const query = (q: ReportQuery, format: 'json' | 'csv') => ({ from: q.from, to: q.to, siteId: q.siteId, format });

export const fetchDailyCounts = (auth: StaffAuth, q: ReportQuery, fetchFn?: typeof fetch): Promise<DailyCountsResponse> =>
  requestJson(auth.server, routes.dailyCounts, dailyCountsResponse, {
    authorization: `Bearer ${auth.token}`,
    query: query(q, 'json'),
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });

/** The server's CSV (same rows, UTF-8 with BOM) as a Blob ready to save. */
export async function fetchDailyCountsCsv(auth: StaffAuth, q: ReportQuery, fetchFn?: typeof fetch): Promise<Blob> {
  const response = await send(auth.server, routes.dailyCounts, {
    authorization: `Bearer ${auth.token}`,
    query: query(q, 'csv'),
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  return new Blob([await response.arrayBuffer()], { type: 'text/csv;charset=utf-8' });
}

/** Provider display names from the server's catalogue (public); ids are shown when it cannot be had. */
export async function fetchProviderNames(server: string, fetchFn?: typeof fetch): Promise<Map<string, string>> {
  try {
    const ref = await requestJson(server, routes.reference, reference, fetchFn ? { fetch: fetchFn } : {});
    return new Map(ref.providers.map((p) => [p.id, p.product]));
  } catch {
    return new Map();
  }
}
