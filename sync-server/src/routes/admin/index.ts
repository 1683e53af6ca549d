import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/db.ts';
import { adminAuditRoutes } from './audit.ts';
import { adminDeviceRoutes } from './devices.ts';
import { adminProviderRoutes } from './providers.ts';
import { adminSiteRoutes } from './sites.ts';
import { adminStaffRoutes } from './staff.ts';
import { adminStockRoutes } from './stock.ts';

/** `/v1/admin/*`: every route authenticates the staff member; the administration functions check role and scope. */
export function adminRoutes(app: FastifyInstance, db: Db, clock: () => Date = () => new Date()): void {
  adminSiteRoutes(app, db);
  adminDeviceRoutes(app, db);
  adminStaffRoutes(app, db, clock);
  adminProviderRoutes(app, db);
  adminStockRoutes(app, db);
  adminAuditRoutes(app, db);
}
