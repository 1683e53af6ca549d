import type { FastifyInstance } from 'fastify';
import { auditQuery } from '@dangky/core/audit';
import { routes } from '@dangky/core/protocol';
import type { Db } from '../../db/db.ts';
import { authenticateStaff } from '../../auth/staff-auth.ts';
import { requireMay } from '../../admin/actor.ts';
import { searchAudit } from '../../audit/search-audit.ts';
import { listAnchors } from '../../audit/anchor-audit.ts';
import { verifyAudit } from '../../audit/verify-audit.ts';

export function adminAuditRoutes(app: FastifyInstance, db: Db): void {
  app.get(routes.adminAudit, async (req) =>
    searchAudit(db, await authenticateStaff(db, req.headers.authorization), auditQuery.parse(req.query)),
  );
  app.get(routes.adminAuditAnchors, async (req) => {
    requireMay(await authenticateStaff(db, req.headers.authorization), 'audit', 'read');
    return { anchors: await listAnchors(db) };
  });
  app.get(routes.adminAuditVerify, async (req) => {
    requireMay(await authenticateStaff(db, req.headers.authorization), 'audit', 'read');
    return verifyAudit(db);
  });
}
