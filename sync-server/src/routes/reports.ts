import type { FastifyInstance } from 'fastify';
import { dailyCountsQuery, routes, type DailyCountsResponse } from '@dangky/core/protocol';
import type { Db, Queryable } from '../db/db.ts';
import { authenticateStaff } from '../auth/staff-auth.ts';
import { dailyCounts, dailyCountsCsv } from '../reports/daily-counts.ts';
import { reportSites } from '../reports/scope.ts';

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
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="dangky-daily-counts-${q.from}-${q.to}.csv"`)
        .send(dailyCountsCsv(rows, new Map(sites.map((s) => [s.id, s.name]))));
    }
    const body: DailyCountsResponse = { from: q.from, to: q.to, timeZone: 'Asia/Ho_Chi_Minh', sites, rows };
    return body;
  });
}
