import type { FastifyInstance } from 'fastify';
import {
  countsReportQuery,
  dailyCountsQuery,
  defaultCountsGrouping,
  queueReportQuery,
  routes,
  type CountsReportResponse,
  type DailyCountsResponse,
} from '@dangky/core/protocol';
import type { Db, Queryable } from '../db/db.ts';
import { authenticateStaff } from '../auth/staff-auth.ts';
import { dailyCounts, dailyCountsCsv } from '../reports/daily-counts.ts';
import { reportSites } from '../reports/scope.ts';
import { countsReport } from '../reports/counts-report.ts';
import { countsUnits } from '../reports/counts-scope.ts';
import { tableCsvVi } from '../reports/export/csv-vi.ts';
import { tablesXlsx } from '../reports/export/xlsx.ts';
import { queuePeriodsTable, queueTables } from '../reports/queue-export.ts';
import { queueReport } from '../reports/queue-report.ts';
import { auditExport } from '../reports/audit-export.ts';

/** Who may see what is checked on the primary (a session made a moment ago); the figures come from `replica`. */
export function reportRoutes(app: FastifyInstance, db: Db, replica: Queryable): void {
  app.get(routes.dailyCounts, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const q = dailyCountsQuery.parse(req.query);
    const sites = await reportSites(db, user, q.siteId);
    const rows = await dailyCounts(
      replica,
      sites.map((s) => s.id),
      q.from,
      q.to,
    );
    if (q.format === 'csv') {
      const csv = dailyCountsCsv(rows, new Map(sites.map((s) => [s.id, s.name])));
      await auditExport(db, user, { report: 'daily-counts', format: 'csv', from: q.from, to: q.to, siteIds: sites.map((s) => s.id) });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dangky-daily-counts-${q.from}-${q.to}.csv"`)
        .send(csv);
    }
    const body: DailyCountsResponse = { from: q.from, to: q.to, timeZone: 'Asia/Ho_Chi_Minh', sites, rows };
    return body;
  });

  app.get(routes.countsReport, async (req) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const q = countsReportQuery.parse(req.query);
    const { units, siteIds } = await countsUnits(db, user, q.scope, q.unit);
    const grouping = q.grouping ?? defaultCountsGrouping(q.from, q.to);
    const { periods, rows } = await countsReport(replica, { scope: q.scope, siteIds, from: q.from, to: q.to, grouping });
    const body: CountsReportResponse = {
      scope: q.scope,
      from: q.from,
      to: q.to,
      grouping,
      timeZone: 'Asia/Ho_Chi_Minh',
      periods,
      units,
      rows,
    };
    return body;
  });

  app.get(routes.queueReport, async (req, reply) => {
    const user = await authenticateStaff(db, req.headers.authorization);
    const q = queueReportQuery.parse(req.query);
    const report = await queueReport(db, replica, user, q);
    if (q.format === 'json') return report;
    const name = `dangky-cho-phuc-vu-${q.from}-${q.to}`;
    const file = q.format === 'csv' ? tableCsvVi(queuePeriodsTable(report)) : Buffer.from(tablesXlsx(queueTables(report)));
    const { siteIds } = await countsUnits(db, user, q.scope, q.unit);
    await auditExport(db, user, { report: 'queue', format: q.format, from: q.from, to: q.to, scope: q.scope, unit: q.unit, siteIds });
    if (q.format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(file);
    }
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(file);
  });
}
