import type { StaffUser } from '@dangky/core/protocol';
import type { Db } from '../db/db.ts';
import { auditAlone } from '../audit/append-audit.ts';

/**
 * A report leaving the server as a file (CSV, XLSX) is a staff action like any other: who took
 * which report, in which format, for which days and which sites. Only that — never a figure or a
 * name from the file: the log holds references and codes. Appended once the file is made, so a
 * refused or failed export is not logged as one taken.
 */
export interface ReportExport {
  report: 'daily-counts' | 'queue';
  format: 'csv' | 'xlsx';
  from: string;
  to: string;
  /** The scope asked for (`site`, `province`, `national`) and its unit, when the report takes one. */
  scope?: string;
  unit?: string;
  /** The sites the file covers (none listed for the nation). */
  siteIds: readonly string[];
}

export const auditExport = (db: Db, user: StaffUser, e: ReportExport): Promise<unknown> =>
  auditAlone(db, {
    actorId: user.id,
    actorRole: user.role,
    action: 'report.exported',
    siteId: e.siteIds.length === 1 ? e.siteIds[0] : null,
    provinceCode: user.provinceCode ?? null,
    target: `report:${e.report}`,
    detail: {
      format: e.format,
      from: e.from,
      to: e.to,
      ...(e.scope ? { scope: e.scope } : {}),
      ...(e.unit ? { unit: e.unit } : {}),
      // A national report names no sites (it covers them all): its scope says so.
      ...(e.siteIds.length > 0 ? { sites: e.siteIds.length } : {}),
      ...(e.siteIds.length > 0 && e.siteIds.length <= 50 ? { siteIds: [...e.siteIds] } : {}),
    },
  });
