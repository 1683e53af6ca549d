import {
  dailyCountsResponse,
  queueReportResponse,
  routes,
  type DailyCountsResponse,
  type QueueReportQuery,
  type QueueReportResponse,
} from '@dangky/core/protocol';
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

/** The waiting-room report (the server checks the scope). */
export const fetchQueueReport = (
  auth: StaffAuth,
  q: Omit<QueueReportQuery, 'format'>,
  fetchFn?: typeof fetch,
): Promise<QueueReportResponse> =>
  requestJson(auth.server, routes.queueReport, queueReportResponse, {
    authorization: `Bearer ${auth.token}`,
    query: { ...q, format: 'json' },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });

/** The same report as the server's Vietnamese CSV (periods) or XLSX (every table). */
export async function fetchQueueReportFile(
  auth: StaffAuth,
  q: Omit<QueueReportQuery, 'format'>,
  format: 'csv' | 'xlsx',
  fetchFn?: typeof fetch,
): Promise<Blob> {
  const response = await send(auth.server, routes.queueReport, {
    authorization: `Bearer ${auth.token}`,
    query: { ...q, format },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return new Blob([await response.arrayBuffer()], { type });
}
