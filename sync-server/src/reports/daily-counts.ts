import type { DailyCountRow } from '@dangky/core/protocol';
import type { Queryable } from '../db/db.ts';

export async function dailyCounts(db: Queryable, siteIds: string[], from: string, to: string): Promise<DailyCountRow[]> {
  const rows = await db.query<{
    day: string;
    site_id: string;
    service: DailyCountRow['service'];
    channel: string;
    provider_id: string;
    operator_id: string;
    submitted: number;
    completed: number;
    cancelled: number;
    eid_approved: number;
    eid_refused: number;
  }>(
    `SELECT day::text AS day, site_id, service, channel, provider_id, operator_id, submitted, completed, cancelled, eid_approved, eid_refused
     FROM daily_counts WHERE site_id = ANY($1) AND day BETWEEN $2::date AND $3::date
     ORDER BY day, site_id, service, channel, provider_id, operator_id`,
    [siteIds, from, to],
  );
  return rows.map((r) => ({
    day: r.day,
    siteId: r.site_id,
    service: r.service,
    channel: r.channel === '' ? null : (r.channel as DailyCountRow['channel']),
    providerId: r.provider_id || null,
    operatorId: r.operator_id || null,
    submitted: Number(r.submitted),
    completed: Number(r.completed),
    cancelled: Number(r.cancelled),
    // Only e-ID level 2 has officer's results; a signature row carries none.
    ...(r.service === 'eid-level2' ? { eidApproved: Number(r.eid_approved), eidRefused: Number(r.eid_refused) } : {}),
  }));
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * RFC 4180 CSV with a UTF-8 BOM, so Excel opens Vietnamese site names correctly. The officer's
 * e-ID level-2 results (approved, refused) close each row — empty on a signature row, which has
 * none — after the columns older spreadsheets read by position.
 */
export function dailyCountsCsv(rows: DailyCountRow[], siteNames: Map<string, string>): string {
  const header = [
    'day',
    'site_id',
    'site_name',
    'service',
    'channel',
    'provider_id',
    'operator_id',
    'submitted',
    'completed',
    'cancelled',
    'eid_approved',
    'eid_refused',
  ];
  const lines = rows.map((r) =>
    [
      r.day,
      r.siteId,
      siteNames.get(r.siteId) ?? '',
      r.service,
      r.channel,
      r.providerId,
      r.operatorId,
      r.submitted,
      r.completed,
      r.cancelled,
      r.eidApproved ?? null,
      r.eidRefused ?? null,
    ]
      .map(csvCell)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
